// RSI(period): Wilder; average gain/loss seeded with the mean of the first `period` changes, then alpha = 1/period; first value at input period+1.
import type { PriceIndicator } from './indicator';
import { checkPeriod } from './parameters';

/**
 * Relative strength index, Wilder's definition: RSI = 100·avgGain/(avgGain + avgLoss), which equals
 * 100 − 100/(1 + RS) and gives 100 when there were no losses. A window with neither gains nor losses
 * (a flat price) reads 50. The smoothing is inlined rather than built on two `WilderAverage`s: this is
 * the hottest indicator in strategies and the bench holds it to tens of nanoseconds.
 */
export class Rsi implements PriceIndicator {
  readonly warmUp: number;
  private previous = Number.NaN;
  private changes = 0;
  private avgGain = 0;
  private avgLoss = 0;
  /** NaN until the first value: a number field, so storing each bar's value allocates nothing. */
  private current = Number.NaN;

  constructor(readonly period: number) {
    checkPeriod('Rsi', 'period', period);
    this.warmUp = period + 1;
  }

  get value(): number | undefined {
    const current = this.current;
    return current === current ? current : undefined;
  }

  get isReady(): boolean {
    return this.current === this.current;
  }

  update(x: number): number | undefined {
    const previous = this.previous;
    this.previous = x;
    if (previous !== previous) return undefined; // first input: no change yet (NaN check)
    const change = x - previous;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    const n = this.period;
    if (this.current !== this.current) {
      this.avgGain += gain;
      this.avgLoss += loss;
      if (++this.changes < n) return undefined;
      this.avgGain /= n;
      this.avgLoss /= n;
    } else {
      this.avgGain += (gain - this.avgGain) / n;
      this.avgLoss += (loss - this.avgLoss) / n;
    }
    const total = this.avgGain + this.avgLoss;
    const value = total > 0 ? (100 * this.avgGain) / total : 50;
    this.current = value;
    return value;
  }

  reset(): void {
    this.previous = Number.NaN;
    this.changes = 0;
    this.avgGain = 0;
    this.avgLoss = 0;
    this.current = Number.NaN;
  }
}
