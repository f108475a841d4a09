// ADX(period 14): Wilder; +DM/−DM/TR from the second bar, Wilder-smoothed (seeded with their first `period` sums); DX → ADX seeded with the mean of the first `period` DX; first value at input 2·period.
import type { Candle } from '../model/candle';
import type { BarIndicator } from './indicator';
import { trueRange } from './atr';
import { checkPeriod } from './parameters';
import { WilderAverage } from './wilder-average';

export type AdxValue = {
  readonly adx: number;
  readonly plusDi: number;
  readonly minusDi: number;
  readonly dx: number;
};

/**
 * Average directional index with its directional indicators, as in Wilder's book and StockCharts:
 * +DI = 100·smoothed(+DM)/smoothed(TR). Wilder keeps running sums (sum − sum/n + x); those are n times
 * the Wilder averages used here, and the ratios are identical. The DIs exist from input period+1, the ADX
 * from input 2·period; the indicator reports all four together once the ADX exists. A bar with no
 * directional movement either way gives DX 0.
 */
export class Adx implements BarIndicator<AdxValue> {
  readonly warmUp: number;
  private readonly tr: WilderAverage;
  private readonly plusDm: WilderAverage;
  private readonly minusDm: WilderAverage;
  private readonly adx: WilderAverage;
  private previous: Candle | undefined = undefined;
  private current: AdxValue | undefined = undefined;

  constructor(readonly period = 14) {
    checkPeriod('Adx', 'period', period);
    this.warmUp = 2 * period;
    this.tr = new WilderAverage(period);
    this.plusDm = new WilderAverage(period);
    this.minusDm = new WilderAverage(period);
    this.adx = new WilderAverage(period);
  }

  get value(): AdxValue | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(bar: Candle): AdxValue | undefined {
    const previous = this.previous;
    this.previous = bar;
    if (previous === undefined) return undefined;
    const up = bar.high - previous.high;
    const down = previous.low - bar.low;
    const tr = this.tr.update(trueRange(bar, previous.close));
    const plus = this.plusDm.update(up > down && up > 0 ? up : 0);
    const minus = this.minusDm.update(down > up && down > 0 ? down : 0);
    if (tr === undefined || plus === undefined || minus === undefined) return undefined;
    const plusDi = tr > 0 ? (100 * plus) / tr : 0;
    const minusDi = tr > 0 ? (100 * minus) / tr : 0;
    const sum = plusDi + minusDi;
    const dx = sum > 0 ? (100 * Math.abs(plusDi - minusDi)) / sum : 0;
    const adx = this.adx.update(dx);
    if (adx === undefined) return undefined;
    return (this.current = { adx, plusDi, minusDi, dx });
  }

  reset(): void {
    this.tr.reset();
    this.plusDm.reset();
    this.minusDm.reset();
    this.adx.reset();
    this.previous = undefined;
    this.current = undefined;
  }
}
