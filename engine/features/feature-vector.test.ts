import { describe, expect, it } from 'vitest';
import { Adx } from '../indicators/adx';
import { BollingerBands } from '../indicators/bollinger-bands';
import { indicatorSeries } from '../indicators/indicator-series';
import { Macd } from '../indicators/macd';
import { RollingZScore } from '../indicators/rolling-z-score';
import { Rsi } from '../indicators/rsi';
import { SessionVwap } from '../indicators/session-vwap';
import { randomWalkCandles } from '../indicators/test-candles';
import { FEATURE_NAMES, FeatureVector, featureSeries } from './feature-vector';

const candles = randomWalkCandles(3_000, 11);
const closes = candles.map((c) => c.close);

describe('FeatureVector', () => {
  it('warms up with its slowest component (MACD 12/26/9: 34 bars)', () => {
    const rows = featureSeries(candles);
    expect(new FeatureVector().warmUp).toBe(34);
    expect(rows.slice(0, 33).every((r) => r === undefined)).toBe(true);
    expect(rows.slice(33).every((r) => r !== undefined && r.length === FEATURE_NAMES.length && r.every(Number.isFinite))).toBe(true);
  });

  it('each feature is its indicator, scaled as documented', () => {
    const rows = featureSeries(candles);
    const rsi = indicatorSeries(new Rsi(14), closes);
    const macd = indicatorSeries(new Macd(), closes);
    const bands = indicatorSeries(new BollingerBands(20, 2), closes);
    const adx = indicatorSeries(new Adx(14), candles);
    const volumeZ = indicatorSeries(new RollingZScore(20), candles.map((c) => c.volume));
    const vwap = indicatorSeries(new SessionVwap(), candles);
    const at = (name: (typeof FEATURE_NAMES)[number], i: number): number => rows[i]![FEATURE_NAMES.indexOf(name)]!;
    for (const i of [33, 500, 2_999]) {
      const close = closes[i]!;
      expect(at('return1', i)).toBeCloseTo(Math.log(close / closes[i - 1]!), 14);
      expect(at('return5', i)).toBeCloseTo(Math.log(close / closes[i - 5]!), 14);
      expect(at('return20', i)).toBeCloseTo(Math.log(close / closes[i - 20]!), 14);
      expect(at('rsi14', i)).toBeCloseTo(rsi[i]! / 100 - 0.5, 14);
      expect(at('macdHistogram', i)).toBeCloseTo(macd[i]!.histogram / close, 14);
      expect(at('bollingerPercentB', i)).toBeCloseTo(bands[i]!.percentB - 0.5, 12);
      expect(at('adx14', i)).toBeCloseTo(adx[i]!.adx / 100, 14);
      expect(at('diSpread', i)).toBeCloseTo((adx[i]!.plusDi - adx[i]!.minusDi) / 100, 14);
      expect(at('volumeZ20', i)).toBeCloseTo(volumeZ[i]!, 12);
      expect(at('vwapDistance', i)).toBeCloseTo(close / vwap[i]! - 1, 14);
    }
  });

  it('has no lookahead: the features of bar t are the same whether the data ends at t or goes on', () => {
    const full = featureSeries(candles);
    for (let t = 30; t < 600; t += 7) {
      const truncated = featureSeries(candles.slice(0, t + 1));
      expect(truncated[t]).toEqual(full[t]);
    }
  });

  it('reset starts over; update reuses one buffer', () => {
    const vector = new FeatureVector();
    const first = candles.slice(0, 100).map((c) => vector.update(c));
    expect(first[98]).toBe(first[99]);
    vector.reset();
    const again = candles.slice(0, 100).map((c) => {
      const row = vector.update(c);
      return row && Float64Array.from(row);
    });
    expect(again).toEqual(featureSeries(candles.slice(0, 100)));
  });
});
