// MACD(fast 12, slow 26, signal 9): EMA(fast) − EMA(slow), each seeded with its own SMA; signal = EMA(signal) of MACD; first value at input slow+signal−1.
import type { PriceIndicator } from './indicator';
import { Ema } from './ema';
import { checkPeriod } from './parameters';

export type MacdValue = { readonly macd: number; readonly signal: number; readonly histogram: number };

/**
 * Moving average convergence/divergence as StockCharts computes it: the two EMAs start independently
 * (each from the SMA of its own first inputs), and the signal line is an SMA-seeded EMA of the MACD line,
 * so the first complete value arrives at input slow + signal − 1 (34 for 12/26/9). TA-Lib instead starts the
 * fast EMA late so both begin together; the two agree once the fast EMA has forgotten its seed.
 */
export class Macd implements PriceIndicator<MacdValue> {
  readonly warmUp: number;
  private readonly fastEma: Ema;
  private readonly slowEma: Ema;
  private readonly signalEma: Ema;
  private current: MacdValue | undefined = undefined;

  constructor(
    readonly fast = 12,
    readonly slow = 26,
    readonly signal = 9,
  ) {
    checkPeriod('Macd', 'fast', fast);
    checkPeriod('Macd', 'slow', slow);
    checkPeriod('Macd', 'signal', signal);
    if (fast >= slow) throw new RangeError(`Macd: fast (${fast}) must be shorter than slow (${slow})`);
    this.warmUp = slow + signal - 1;
    this.fastEma = new Ema(fast);
    this.slowEma = new Ema(slow);
    this.signalEma = new Ema(signal);
  }

  get value(): MacdValue | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(x: number): MacdValue | undefined {
    const fast = this.fastEma.update(x);
    const slow = this.slowEma.update(x);
    if (fast === undefined || slow === undefined) return undefined;
    const macd = fast - slow;
    const signal = this.signalEma.update(macd);
    if (signal === undefined) return undefined;
    return (this.current = { macd, signal, histogram: macd - signal });
  }

  reset(): void {
    this.fastEma.reset();
    this.slowEma.reset();
    this.signalEma.reset();
    this.current = undefined;
  }
}
