import { seededRandom } from './random';
import type { Candle } from '../model/candle';

/** A deterministic random walk of consistent candles, for tests and benchmarks that must not need shared data. */
export function generateCandles(count: number, options: { start?: number; stepMs?: number; seed?: number; price?: number } = {}): Candle[] {
  const step = options.stepMs ?? 60_000;
  let time = options.start ?? Date.UTC(2024, 0, 1);
  const random = seededRandom(options.seed ?? 42);
  let close = options.price ?? 40_000;
  const candles: Candle[] = [];
  for (let i = 0; i < count; i++) {
    const open = close;
    close = Math.max(1, round(open * (1 + (random() - 0.5) * 0.004)));
    const high = round(Math.max(open, close) * (1 + random() * 0.001));
    const low = round(Math.min(open, close) * (1 - random() * 0.001));
    candles.push({ openTime: time, open, high, low, close, volume: round(random() * 50) });
    time += step;
  }
  return candles;
}

export function candlesToCsv(candles: readonly Candle[]): string {
  const lines = candles.map((c) => `${c.openTime},${c.open},${c.high},${c.low},${c.close},${c.volume}`);
  return `timestamp_ms,open,high,low,close,volume\n${lines.join('\n')}\n`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
