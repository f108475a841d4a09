import { describe, expect, it } from 'vitest';
import { BollingerBands } from '../../../indicators/bollinger-bands';
import { indicatorSeries } from '../../../indicators/indicator-series';
import { Rsi } from '../../../indicators/rsi';
import type { SeriesKey } from '../../../model/candle';
import type { SentimentAggregate } from '../../../model/sentiment';
import { candlesFromCloses } from '../../../testing/hand-built-candles';
import { replaySignals } from '../../replay';
import { rsiReversion, sentimentEffect } from './rsi-reversion';

const series: SeriesKey = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' };
const params = { rsiPeriod: 5, bbPeriod: 10, atrPeriod: 5 };
// Calm around 100, a sharp sell-off, then the recovery back to the mean.
const calm = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 100 : 100.6));
const closes = [...calm, 99.5, 97, 94, 92, 93, 95, 97, 99, 100.5, 101, 100.4, 100.8];
const candles = candlesFromCloses(closes);

/** The bars where the strategy's rules hold, from the indicators computed independently over the whole path. */
function ruleBars(path: readonly number[]) {
  const rsi = indicatorSeries(new Rsi(params.rsiPeriod), path);
  const bands = indicatorSeries(new BollingerBands(params.bbPeriod, 2), path);
  const oversold = path.map((c, i) => rsi[i] !== undefined && bands[i] !== undefined && rsi[i]! < 30 && c <= bands[i]!.lower);
  const overbought = path.map((c, i) => rsi[i] !== undefined && bands[i] !== undefined && rsi[i]! > 70 && c >= bands[i]!.upper);
  const backLong = path.map((c, i) => rsi[i] !== undefined && bands[i] !== undefined && (c >= bands[i]!.middle || rsi[i]! >= 50));
  const backShort = path.map((c, i) => rsi[i] !== undefined && bands[i] !== undefined && (c <= bands[i]!.middle || rsi[i]! <= 50));
  return { rsi, bands, oversold, overbought, backLong, backShort };
}

const sentimentOf = (score: number, confidence = 0.9) => (): SentimentAggregate => ({ symbol: 'BTC', window: '1h', at: 0, score, confidence, count: 5, spike: false });

describe('rsi-reversion', () => {
  it('goes long at the first oversold close under the lower band, and out when the price is back at the middle band', () => {
    const rules = ruleBars(closes);
    const entry = rules.oversold.indexOf(true);
    const exit = rules.backLong.findIndex((ok, i) => ok && i > entry);
    expect(entry).toBeGreaterThan(19);
    expect(exit).toBeGreaterThan(entry);
    const { signals } = replaySignals({ series, strategies: [{ definition: rsiReversion, params }], candles });
    expect(signals.map((s) => [candles.findIndex((c) => c.openTime === s.time), s.direction])).toEqual([
      [entry, 'long'],
      [exit, 'flat'],
    ]);
    const long = signals[0]!;
    expect(long.rationale).toBe(
      `RSI ${rules.rsi[entry]!.toFixed(1)} below 30 and close ${closes[entry]} at/below the lower band ${rules.bands[entry]!.lower.toFixed(2)}`,
    );
    expect(long.stop).toBeLessThan(closes[entry]!);
    expect(long.target).toBeCloseTo(rules.bands[entry]!.middle, 9);
    expect(long.strength).toBeGreaterThan(0.5);
    expect(signals[1]!.rationale).toMatch(/the long reversion is done$/);
  });

  it('mirrors it short on a stretched rally', () => {
    const mirrored = closes.map((c) => 200 - c);
    const rules = ruleBars(mirrored);
    const entry = rules.overbought.indexOf(true);
    const exit = rules.backShort.findIndex((ok, i) => ok && i > entry);
    const mirroredCandles = candlesFromCloses(mirrored);
    const { signals } = replaySignals({ series, strategies: [{ definition: rsiReversion, params }], candles: mirroredCandles });
    expect(signals.map((s) => [mirroredCandles.findIndex((c) => c.openTime === s.time), s.direction])).toEqual([
      [entry, 'short'],
      [exit, 'flat'],
    ]);
    expect(signals[0]!.stop).toBeGreaterThan(mirrored[entry]!);
    expect(signals[0]!.target).toBeLessThan(mirrored[entry]!);
    expect(replaySignals({ series, strategies: [{ definition: rsiReversion, params: { ...params, allowShort: false } }], candles: candlesFromCloses(mirrored) }).signals).toEqual([]);
  });

  it('agreeing sentiment raises strength, opposing lowers it, strongly opposing vetoes the entry', () => {
    const run = (score?: number, useSentiment = true) =>
      replaySignals({
        series,
        strategies: [{ definition: rsiReversion, params: { ...params, useSentiment } }],
        candles,
        context: score === undefined ? undefined : { sentiment: sentimentOf(score) },
      }).signals;
    const plain = run()[0]!;
    const agreeing = run(0.3)[0]!;
    const opposing = run(-0.2)[0]!;
    expect(agreeing.direction).toBe('long');
    expect(agreeing.strength).toBeGreaterThan(plain.strength);
    expect(agreeing.rationale).toContain('sentiment +0.30 (confidence 0.90) agrees');
    expect(opposing.strength).toBeLessThan(plain.strength);
    expect(opposing.rationale).toContain('sentiment −0.20 (confidence 0.90) disagrees');
    // −0.9 × 0.9 = −0.81, past the 0.4 veto: no entry, so no exit either.
    expect(run(-0.9)).toEqual([]);
    // Switched off, sentiment changes nothing.
    expect(run(-0.9, false).map((s) => s.strength)).toEqual(run().map((s) => s.strength));
  });

  it('sentimentEffect: no aggregate, or one with no items, changes nothing', () => {
    expect(sentimentEffect('long', undefined, 0.4)).toEqual({ factor: 1, veto: false, note: '' });
    expect(sentimentEffect('short', { ...sentimentOf(0.9)(), count: 0 }, 0.4).factor).toBe(1);
    expect(sentimentEffect('short', sentimentOf(-0.5)(), 0.4)).toMatchObject({ veto: false, factor: 1.45 });
    expect(sentimentEffect('short', sentimentOf(0.5)(), 0.4)).toMatchObject({ veto: true });
  });
});
