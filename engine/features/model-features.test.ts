import { describe, expect, it } from 'vitest';
import type { Candle } from '../model/candle';
import { generateCandles } from '../testing/candles';
import { regimeState } from '../testing/regime-state';
import { MODEL_FEATURE_COUNT, MODEL_FEATURE_NAMES, ModelFeatures } from './model-features';

const candles = generateCandles(600, { seed: 11, stepMs: 3_600_000 });

function rows(input: readonly Candle[]): (Float64Array | undefined)[] {
  const fv = new ModelFeatures();
  return input.map((c) => (fv.update(c) ? Float64Array.from(fv.values) : undefined));
}

const column = (name: string): number => MODEL_FEATURE_NAMES.indexOf(name);

describe('ModelFeatures', () => {
  it('flags candlestick patterns: a bullish engulfing bar after a down bar', () => {
    const fv = new ModelFeatures();
    const base = candles.slice(0, 100);
    for (const c of base) fv.update(c);
    const last = base[base.length - 1]!;
    const down = { openTime: last.openTime + 3_600_000, open: 100, high: 100.5, low: 97.5, close: 98, volume: 10 };
    const engulf = { openTime: down.openTime + 3_600_000, open: 97.8, high: 101.5, low: 97.6, close: 101, volume: 20 };
    fv.update(down);
    fv.update(engulf);
    expect(fv.values[column('patternBullish')]).toBe(1);
    expect(fv.values[column('patternBearish')]).toBe(0);
  });

  it('names every value and becomes complete after its warm-up', () => {
    const fv = new ModelFeatures();
    expect(fv.values).toHaveLength(MODEL_FEATURE_COUNT);
    expect(new Set(fv.names).size).toBe(MODEL_FEATURE_COUNT);
    const all = rows(candles);
    const first = all.findIndex((r) => r !== undefined);
    expect(first).toBe(fv.warmUp - 1);
    expect(all.slice(first).every((r) => r !== undefined && r.every(Number.isFinite))).toBe(true);
  });

  it('has no lookahead: the vector at bar t is the same whether the data ends at t or continues', () => {
    const full = rows(candles);
    // Change every bar after t drastically; nothing up to t may move.
    for (const t of [60, 61, 137, 300, 451, 598]) {
      const altered = candles.map((c, i) => (i > t ? { ...c, open: c.open * 3, high: c.high * 3.1, low: c.low * 2.9, close: c.close * 3, volume: c.volume * 50 + 1 } : c));
      const truncated = rows(candles.slice(0, t + 1));
      const changed = rows(altered);
      expect(truncated[t]).toEqual(full[t]);
      expect(changed[t]).toEqual(full[t]);
    }
  });

  it('is scale-free: the same market at 1,000× the price and volume gives the same features', () => {
    const scaled = candles.map((c) => ({ ...c, open: c.open * 1000, high: c.high * 1000, low: c.low * 1000, close: c.close * 1000, volume: c.volume * 1000 }));
    const a = rows(candles)[500]!;
    const b = rows(scaled)[500]!;
    for (let j = 0; j < MODEL_FEATURE_COUNT; j++) expect(b[j]).toBeCloseTo(a[j]!, 6);
  });

  it('computes returns and EMA distance from the bars themselves', () => {
    const all = rows(candles);
    const t = 400;
    expect(all[t]![column('return1')]).toBeCloseTo(Math.log(candles[t]!.close / candles[t - 1]!.close), 12);
    expect(all[t]![column('return20')]).toBeCloseTo(Math.log(candles[t]!.close / candles[t - 20]!.close), 12);
    expect(Math.abs(all[t]![column('rsi14')]!)).toBeLessThanOrEqual(0.5);
    expect(all[t]![column('return60')]).toBeCloseTo(Math.log(candles[t]!.close / candles[t - 60]!.close), 12);
    for (const t2 of [61, 200, 401]) expect(all[t2]![column('emaDistance50')]).toBeGreaterThan(-0.2);
    expect(all[t]![column('bollingerPercentB')]).toBeGreaterThan(-2);
  });

  it('sets context features and their present flags only when the context is given', () => {
    const fv = new ModelFeatures();
    for (const c of candles.slice(0, 100)) fv.update(c);
    const last = candles[100]!;
    fv.update(last);
    for (const name of ['regimePresent', 'sentimentPresent', 'flowPresent', 'sentimentScore', 'flowNetShare', 'regimeTrendUp']) {
      expect(column(name)).toBeGreaterThan(0);
      expect(fv.values[column(name)]).toBe(0);
    }
    const regime = regimeState({ time: last.openTime, labels: ['range', 'trend-up', 'stress', 'trend-down'], probabilities: [0.1, 0.7, 0.05, 0.15], confidence: 0.7 });
    const again = new ModelFeatures();
    for (const c of candles.slice(0, 100)) again.update(c);
    expect(
      again.update(last, {
        regime,
        sentiment: { symbol: 'BTC', window: '1h', at: last.openTime, score: 0.4, confidence: 0.8, count: 5, spike: false },
        flow: { asset: 'BTC', netFlow: -30, inflow: 10, outflow: 40, at: last.openTime },
      }),
    ).toBe(true);
    expect(again.values[column('regimeTrendUp')]).toBe(0.7);
    expect(again.values[column('regimeTrendDown')]).toBe(0.15);
    expect(again.values[column('regimePresent')]).toBe(1);
    expect(again.values[column('sentimentScore')]).toBe(0.4);
    expect(again.values[column('sentimentPresent')]).toBe(1);
    expect(again.values[column('flowNetShare')]).toBeCloseTo(-0.6, 12);
    expect(again.values[column('flowPresent')]).toBe(1);
    // Candle features are untouched by the context.
    expect(again.values.subarray(0, column('regimeTrendUp'))).toEqual(fv.values.subarray(0, column('regimeTrendUp')));
  });
});
