// EMA(period): alpha = 2/(period+1), seeded with the SMA of the first `period` values (TA-Lib, StockCharts); first value at input `period`.
import type { PriceIndicator } from './indicator';
import { checkPeriod } from './parameters';

/**
 * Exponential moving average. Seeding with the SMA of the first `period` inputs (instead of the first
 * input) is TA-Lib's default and StockCharts' worked example, so values match them from the first one.
 */
export class Ema implements PriceIndicator {
  readonly warmUp: number;
  readonly alpha: number;
  private count = 0;
  private seedSum = 0;
  private current: number | undefined = undefined;

  constructor(readonly period: number) {
    checkPeriod('Ema', 'period', period);
    this.warmUp = period;
    this.alpha = 2 / (period + 1);
  }

  get value(): number | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(x: number): number | undefined {
    const previous = this.current;
    if (previous !== undefined) return (this.current = previous + this.alpha * (x - previous));
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
