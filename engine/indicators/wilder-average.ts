// Wilder average(period): alpha = 1/period, seeded with the SMA of the first `period` values; first value at input `period`.
import type { PriceIndicator } from './indicator';
import { checkPeriod } from './parameters';

/**
 * Wilder's smoothing (also called RMA or SMMA): avg' = avg + (x − avg)/period, started from the plain
 * mean of the first `period` inputs as in Wilder's book. RSI, ATR and ADX are built on it.
 */
export class WilderAverage implements PriceIndicator {
  readonly warmUp: number;
  private count = 0;
  private seedSum = 0;
  private current: number | undefined = undefined;

  constructor(readonly period: number) {
    checkPeriod('WilderAverage', 'period', period);
    this.warmUp = period;
  }

  get value(): number | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(x: number): number | undefined {
    const previous = this.current;
    if (previous !== undefined) return (this.current = previous + (x - previous) / this.period);
    this.seedSum += x;
    if (++this.count < this.period) return undefined;
    return (this.current = this.seedSum / this.period);
  }

  reset(): void {
    this.count = 0;
    this.seedSum = 0;
    this.current = undefined;
  }
}
