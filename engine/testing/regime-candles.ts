import type { Candle } from '../model/candle';
import { seededRandom } from './random';

/** A hidden regime of the generated market: drift and volatility of log returns per bar, relative volume. */
export type GeneratedRegime = { readonly drift: number; readonly volatility: number; readonly volume: number };

export const GENERATED_REGIMES: readonly GeneratedRegime[] = [
  { drift: 0.002, volatility: 0.004, volume: 1 }, // trending up
  { drift: -0.002, volatility: 0.004, volume: 1 }, // trending down
  { drift: 0, volatility: 0.002, volume: 0.6 }, // ranging
  { drift: 0, volatility: 0.02, volume: 3 }, // stress
];

/**
 * Candles from a market that switches between known regimes (a Markov chain that stays with
 * probability `stay`), for tests and benchmarks of the regime detector that must not need shared data.
 * Returns the candles and the regime index of each bar.
 */
export function generateRegimeCandles(
  count: number,
  options: { seed?: number; start?: number; stepMs?: number; stay?: number; regimes?: readonly GeneratedRegime[] } = {},
): { candles: Candle[]; regimes: number[] } {
  const random = seededRandom(options.seed ?? 7);
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const regimes = options.regimes ?? GENERATED_REGIMES;
  const step = options.stepMs ?? 3_600_000;
  const stay = options.stay ?? 0.98;
  let time = options.start ?? Date.UTC(2024, 0, 1);
  let regime = 2;
  let close = 30_000;
  const candles: Candle[] = [];
  const path: number[] = [];
  for (let i = 0; i < count; i++) {
    if (random() > stay) regime = Math.floor(random() * regimes.length);
    const r = regimes[regime]!;
    const open = close;
    close = cents(open * Math.exp(r.drift + r.volatility * gaussian()));
    const high = cents(Math.max(open, close) * (1 + Math.abs(gaussian()) * r.volatility * 0.5));
    const low = cents(Math.min(open, close) * (1 - Math.abs(gaussian()) * r.volatility * 0.5));
    candles.push({ openTime: time, open, high, low, close, volume: cents(100 * r.volume * Math.exp(0.3 * gaussian())) });
    path.push(regime);
    time += step;
  }
  return { candles, regimes: path };
}

function cents(value: number): number {
  return Math.round(value * 100) / 100;
}
