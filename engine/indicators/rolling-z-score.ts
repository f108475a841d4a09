// Rolling z-score(period 20): (x − mean)/population std over the last `period` values including x; 0 when the window is flat; first value at input `period`.
import type { PriceIndicator } from './indicator';
import { checkPeriod } from './parameters';
import { RollingMoments } from './rolling-moments';

/**
 * How many standard deviations the newest value sits from its window's mean. The population std is
 * used, like Bollinger Bands, so z = ±2 is exactly the edge of a (period, 2) Bollinger band.
 */
export class RollingZScore implements PriceIndicator {
  readonly warmUp: number;
  private readonly moments: RollingMoments;
  private current: number | undefined = undefined;

  constructor(readonly period = 20) {
    checkPeriod('RollingZScore', 'period', period, 2);
    this.warmUp = period;
    this.moments = new RollingMoments(period);
  }

  get value(): number | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(x: number): number | undefined {
    const m = this.moments;
    m.push(x);
    if (!m.isFull) return undefined;
    const std = Math.sqrt(m.variance(0));
    return (this.current = std > 0 ? (x - m.average) / std : 0);
  }

  reset(): void {
    this.moments.reset();
    this.current = undefined;
  }
}
