// OBV: running total of volume, added on an up close, subtracted on a down close; 0 at the first bar; first value at input 1.
import type { Candle } from '../model/candle';
import type { BarIndicator } from './indicator';

/**
 * On-balance volume (Granville). It starts at 0 on the first bar, as StockCharts does; TA-Lib starts
 * at the first bar's volume. Only its changes carry meaning, so the two differ by a constant.
 */
export class Obv implements BarIndicator {
  readonly warmUp = 1;
  private previousClose = Number.NaN;
  private total = 0;
  private current: number | undefined = undefined;

  get value(): number | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(bar: Candle): number {
    const previous = this.previousClose;
    this.previousClose = bar.close;
    if (bar.close > previous) this.total += bar.volume;
    else if (bar.close < previous) this.total -= bar.volume;
    return (this.current = this.total);
  }

  reset(): void {
    this.previousClose = Number.NaN;
    this.total = 0;
    this.current = undefined;
  }
}
