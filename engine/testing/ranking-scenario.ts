import type { Candle } from '../model/candle';
import { seededRandom } from './random';

const HOUR = 3_600_000;

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function noise(seed: number, bars: number, sigma: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: bars }, () => sigma * gaussian(random));
}

/** Hourly candles from per-bar log returns; volume around `volume`, with overrides per bar index. */
export function candlesFromReturns(returns: readonly number[], options: { seed: number; start: number; price: number; volume: number; volumeAt?: Record<number, number> }): Candle[] {
  const random = seededRandom(options.seed);
  let close = options.price;
  return returns.map((r, i) => {
    const open = close;
    close = open * Math.exp(r);
    const high = Math.max(open, close) * (1 + random() * 0.002);
    const low = Math.min(open, close) * (1 - random() * 0.002);
    return { openTime: options.start + i * HOUR, open, high, low, close, volume: options.volumeAt?.[i] ?? options.volume * (0.8 + 0.4 * random()) };
  });
}

/**
 * A small hourly market whose right ranking is known: BTC; ETH and SOL following it (β 1.2 plus their
 * own noise); UP in a steady uptrend; SPIKE with a planted volume spike on the newest bar; JUMP with a
 * −9 % bar where bars move about 0.7 %; DECOUPLE following BTC until its last 60 bars go their own way.
 */
export function rankingScenario(bars: number, start: number): Record<string, Candle[]> {
  const btc = noise(1, bars, 0.006);
  const follower = (seed: number): number[] => {
    const own = noise(seed, bars, 0.003);
    return btc.map((r, i) => 1.2 * r + own[i]!);
  };
  const upNoise = noise(4, bars, 0.002);
  const decoupled = noise(77, bars, 0.007);
  const at = (seed: number, price: number, volume: number, volumeAt?: Record<number, number>) => ({ seed, start, price, volume, volumeAt });
  return {
    'BTC/USDT': candlesFromReturns(btc, at(1, 40_000, 500)),
    'ETH/USDT': candlesFromReturns(follower(2), at(2, 2_000, 8_000)),
    'SOL/USDT': candlesFromReturns(follower(3), at(3, 100, 100_000)),
    'UP/USDT': candlesFromReturns(btc.map((r, i) => 0.004 + 0.3 * r + upNoise[i]!), at(4, 10, 1_000_000)),
    'SPIKE/USDT': candlesFromReturns(follower(5), at(5, 50, 20_000, { [bars - 1]: 400_000 })),
    'JUMP/USDT': candlesFromReturns(follower(6).map((r, i) => (i === bars - 2 ? -0.09 : r)), at(6, 5, 200_000)),
    'DECOUPLE/USDT': candlesFromReturns(follower(7).map((r, i) => (i >= bars - 60 ? decoupled[i]! : r)), at(7, 20, 50_000)),
  };
}
