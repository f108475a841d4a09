import type { Candle } from '../model/candle';

/**
 * Candles from a list of closes, for tests that need a price path drawn by hand: each bar opens at the
 * previous close and its wicks reach `wick` beyond the body.
 */
export function candlesFromCloses(closes: readonly number[], options: { start?: number; stepMs?: number; wick?: number; volume?: number } = {}): Candle[] {
  const start = options.start ?? Date.UTC(2025, 0, 1);
  const step = options.stepMs ?? 60_000;
  const wick = options.wick ?? 0.1;
  return closes.map((close, i) => {
    const open = i === 0 ? close : closes[i - 1]!;
    return { openTime: start + i * step, open, high: Math.max(open, close) + wick, low: Math.max(0, Math.min(open, close) - wick), close, volume: options.volume ?? 10 };
  });
}
