import type { Candle } from '../model/candle';

/** Candles from parallel high/low/close columns, for reference tables that publish only those (open = close). */
export function barsFrom(high: readonly number[], low: readonly number[], close: readonly number[], volume?: readonly number[]): Candle[] {
  return close.map((c, i) => ({
    openTime: i * 60_000,
    open: c,
    high: high[i] as number,
    low: low[i] as number,
    close: c,
    volume: volume?.[i] ?? 1,
  }));
}

/** Largest |a − b| over the positions where `expected` publishes a value; throws when a side is missing. */
export function worstDifference(actual: readonly (number | undefined)[], expected: readonly (number | null)[]): number {
  let worst = 0;
  expected.forEach((e, i) => {
    if (e === null) return;
    const a = actual[i];
    if (a === undefined) throw new Error(`no value at ${i}, expected ${e}`);
    worst = Math.max(worst, Math.abs(a - e));
  });
  return worst;
}

/** Deterministic random walk of candles around `start`, for long-run and property tests. */
export function randomWalkCandles(count: number, seed: number, start = 60_000, stepMs = 60_000): Candle[] {
  let state = seed >>> 0 || 1;
  const random = (): number => {
    // xorshift32: small, deterministic, good enough for test prices
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
  const out: Candle[] = [];
  let price = start;
  for (let i = 0; i < count; i++) {
    const open = price;
    const close = open * (1 + (random() - 0.5) * 0.004);
    const high = Math.max(open, close) * (1 + random() * 0.001);
    const low = Math.min(open, close) * (1 - random() * 0.001);
    out.push({ openTime: i * stepMs, open, high, low, close, volume: 1 + random() * 10 });
    price = close;
  }
  return out;
}
