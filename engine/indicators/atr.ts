// ATR(period 14): Wilder; true range of the first bar is high − low; seeded with the mean of the first `period` true ranges, then alpha = 1/period; first value at input `period`.
import type { Candle } from '../model/candle';
import type { BarIndicator } from './indicator';
import { checkPeriod } from './parameters';

/** True range: the bar's range widened to include the previous close (just high − low for the first bar). */
export function trueRange(bar: Candle, previousClose: number): number {
  if (previousClose !== previousClose) return bar.high - bar.low;
  const high = bar.high > previousClose ? bar.high : previousClose;
  const low = bar.low < previousClose ? bar.low : previousClose;
  return high - low;
}

/** Average true range as in Wilder's book and StockCharts' worked example. */
export class Atr implements BarIndicator {
  readonly warmUp: number;
  private previousClose = Number.NaN;
  private count = 0;
  private average = 0;
  /** NaN until the first value: a number field, so storing each bar's value allocates nothing. */
  private current = Number.NaN;

  constructor(readonly period = 14) {
    checkPeriod('Atr', 'period', period);
    this.warmUp = period;
  }

  get value(): number | undefined {
    const current = this.current;
    return current === current ? current : undefined;
  }

  get isReady(): boolean {
    return this.current === this.current;
  }

  update(bar: Candle): number | undefined {
    const tr = trueRange(bar, this.previousClose);
    this.previousClose = bar.close;
    const n = this.period;
    const current = this.current;
    if (current === current) {
      const next = current + (tr - current) / n;
      this.current = next;
      return next;
    }
    this.average += tr;
    if (++this.count < n) return undefined;
    const first = this.average / n;
    this.current = first;
    return first;
  }

  reset(): void {
    this.previousClose = Number.NaN;
    this.count = 0;
    this.average = 0;
    this.current = Number.NaN;
  }
}
