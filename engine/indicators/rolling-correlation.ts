// Rolling correlation(period 20): Pearson correlation of the last `period` (x, y) pairs; NaN when either side is flat; first value at input `period`.
import type { Indicator } from './indicator';
import { checkPeriod } from './parameters';
import { RollingCoMoments } from './rolling-moments';

/** Pearson correlation over a sliding window of pairs, from numerically stable co-moments. */
export class RollingCorrelation implements Indicator<readonly [number, number], number> {
  readonly warmUp: number;
  private readonly moments: RollingCoMoments;
  private current: number | undefined = undefined;

  constructor(readonly period = 20) {
    checkPeriod('RollingCorrelation', 'period', period, 2);
    this.warmUp = period;
    this.moments = new RollingCoMoments(period);
  }

  get value(): number | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(pair: readonly [number, number]): number | undefined {
    const m = this.moments;
    m.push(pair[0], pair[1]);
    if (!m.isFull) return undefined;
    return (this.current = m.correlation());
  }

  reset(): void {
    this.moments.reset();
    this.current = undefined;
  }
}
