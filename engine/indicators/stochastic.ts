// Stochastic(kPeriod 14, kSmoothing 1, dPeriod 3): raw %K = 100·(close − lowest low)/(highest high − lowest low), %K = SMA(kSmoothing) of it, %D = SMA(dPeriod) of %K; first value at input kPeriod+kSmoothing+dPeriod−2.
import type { Candle } from '../model/candle';
import type { BarIndicator } from './indicator';
import { checkPeriod } from './parameters';
import { RollingExtreme } from './rolling-extreme';
import { Sma } from './sma';

export type StochasticValue = { readonly k: number; readonly d: number };

/**
 * Stochastic oscillator (Lane). kSmoothing 1 is the "fast" stochastic, 3 the common "slow" (14, 3, 3).
 * A window whose high equals its low has no range; its raw %K reads 50. Highest high and lowest low come
 * from monotonic deques, O(1) amortised.
 */
export class Stochastic implements BarIndicator<StochasticValue> {
  readonly warmUp: number;
  private readonly highs: RollingExtreme;
  private readonly lows: RollingExtreme;
  private readonly kSma: Sma;
  private readonly dSma: Sma;
  private seen = 0;
  private current: StochasticValue | undefined = undefined;

  constructor(
    readonly kPeriod = 14,
    readonly kSmoothing = 1,
    readonly dPeriod = 3,
  ) {
    checkPeriod('Stochastic', 'kPeriod', kPeriod);
    checkPeriod('Stochastic', 'kSmoothing', kSmoothing);
    checkPeriod('Stochastic', 'dPeriod', dPeriod);
    this.warmUp = kPeriod + kSmoothing + dPeriod - 2;
    this.highs = new RollingExtreme(kPeriod, 'max');
    this.lows = new RollingExtreme(kPeriod, 'min');
    this.kSma = new Sma(kSmoothing);
    this.dSma = new Sma(dPeriod);
  }

  get value(): StochasticValue | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(bar: Candle): StochasticValue | undefined {
    const highest = this.highs.push(bar.high);
    const lowest = this.lows.push(bar.low);
    if (++this.seen < this.kPeriod) return undefined;
    const range = highest - lowest;
    const raw = range > 0 ? (100 * (bar.close - lowest)) / range : 50;
    const k = this.kSma.update(raw);
    if (k === undefined) return undefined;
    const d = this.dSma.update(k);
    if (d === undefined) return undefined;
    return (this.current = { k, d });
  }

  reset(): void {
    this.highs.reset();
    this.lows.reset();
    this.kSma.reset();
    this.dSma.reset();
    this.seen = 0;
    this.current = undefined;
  }
}
