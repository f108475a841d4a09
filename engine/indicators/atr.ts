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
  private current: number | undefined = undefined;

  constructor(readonly period = 14) {
    checkPeriod('Atr', 'period', period);
    this.warmUp = period;
  }

  get value(): number | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(bar: Candle): number | undefined {
    const tr = trueRange(bar, this.previousClose);
    this.previousClose = bar.close;
    const n = this.period;
    if (this.current !== undefined) return (this.current += (tr - this.current) / n);
    this.average += tr;
    if (++this.count < n) return undefined;
    return (this.current = this.average / n);
  }

  reset(): void {
    this.previousClose = Number.NaN;
    this.count = 0;
    this.average = 0;
    this.current = undefined;
  }
}
