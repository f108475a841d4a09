// Bollinger(period 20, k 2): SMA ± k·population std of the window; bandwidth = (upper−lower)/middle; %B = (x−lower)/(upper−lower); first value at input `period`.
import type { PriceIndicator } from './indicator';
import { checkPeriod, checkPositive } from './parameters';
import { RollingMoments } from './rolling-moments';

export type BollingerValue = {
  readonly middle: number;
  readonly upper: number;
  readonly lower: number;
  /** (upper − lower) / middle, as a ratio (StockCharts prints it ×100). */
  readonly bandwidth: number;
  /** Where the input sits in the band: 0 at the lower band, 1 at the upper; 0.5 when the band has no width. */
  readonly percentB: number;
};

/** Bollinger Bands with the population standard deviation, as Bollinger defines them (and TA-Lib, StockCharts). */
export class BollingerBands implements PriceIndicator<BollingerValue> {
  readonly warmUp: number;
  private readonly moments: RollingMoments;
  private current: BollingerValue | undefined = undefined;

  constructor(
    readonly period = 20,
    readonly multiplier = 2,
  ) {
    checkPeriod('BollingerBands', 'period', period);
    checkPositive('BollingerBands', 'multiplier', multiplier);
    this.warmUp = period;
    this.moments = new RollingMoments(period);
  }

  get value(): BollingerValue | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(x: number): BollingerValue | undefined {
    const m = this.moments;
    m.push(x);
    if (!m.isFull) return undefined;
    const middle = m.average;
    const width = this.multiplier * Math.sqrt(m.variance(0));
    const upper = middle + width;
    const lower = middle - width;
    const span = upper - lower;
    return (this.current = {
      middle,
      upper,
      lower,
      bandwidth: middle !== 0 ? span / middle : Number.NaN,
      percentB: span > 0 ? (x - lower) / span : 0.5,
    });
  }

  reset(): void {
    this.moments.reset();
    this.current = undefined;
  }
}
