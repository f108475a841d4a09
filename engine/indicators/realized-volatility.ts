// Realised volatility(period 20): sample std (n−1) of the last `period` log returns ln(close/previous close), ×√barsPerYear when annualised; first value at input period+1.
import type { PriceIndicator } from './indicator';
import { checkPeriod, checkPositive } from './parameters';
import { RollingMoments } from './rolling-moments';

export type RealizedVolatilityOptions = {
  /** Annualise: multiply by √barsPerYear (e.g. 525,600 for 1m bars of a 24/7 market, 8,760 for 1h). */
  readonly barsPerYear?: number;
};

/**
 * Standard deviation of log returns over a rolling window. The sample (n−1) estimator is used, as in
 * pandas' rolling std and most volatility literature, because the window's mean is itself estimated.
 */
export class RealizedVolatility implements PriceIndicator {
  readonly warmUp: number;
  private readonly scale: number;
  private readonly moments: RollingMoments;
  private previous = Number.NaN;
  private current: number | undefined = undefined;

  constructor(
    readonly period = 20,
    options: RealizedVolatilityOptions = {},
  ) {
    checkPeriod('RealizedVolatility', 'period', period, 2);
    this.scale = options.barsPerYear === undefined ? 1 : Math.sqrt(checkPositive('RealizedVolatility', 'barsPerYear', options.barsPerYear));
    this.warmUp = period + 1;
    this.moments = new RollingMoments(period);
  }

  get value(): number | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(price: number): number | undefined {
    const previous = this.previous;
    this.previous = price;
    if (previous !== previous) return undefined;
    this.moments.push(Math.log(price / previous));
    if (!this.moments.isFull) return undefined;
    return (this.current = Math.sqrt(this.moments.variance(1)) * this.scale);
  }

  reset(): void {
    this.moments.reset();
    this.previous = Number.NaN;
    this.current = undefined;
  }
}
