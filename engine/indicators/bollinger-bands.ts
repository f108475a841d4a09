// Bollinger(period 20, k 2): SMA ± k·population std of the window; bandwidth = (upper−lower)/middle; %B = (x−lower)/(upper−lower); first value at input `period`.
import type { PriceIndicator } from './indicator';
import { checkPeriod, checkPositive } from './parameters';
import { RollingMoments } from './rolling-moments';

export type BollingerValue = {
  readonly middle: number;
  readonly upper: number;
  readonly lower: number;
  /** (upper − lower) / middle, as a ratio (StockCharts prints it ×100). */
  readonly bandwidth: number;
  /** Where the input sits in the band: 0 at the lower band, 1 at the upper; 0.5 when the band has no width. */
  readonly percentB: number;
};

/** Bollinger Bands with the population standard deviation, as Bollinger defines them (and TA-Lib, StockCharts). */
export class BollingerBands implements PriceIndicator<BollingerValue> {
  readonly warmUp: number;
  private readonly moments: RollingMoments;
  private current: BollingerValue | undefined = undefined;
  /** The bands of the last input, kept as plain numbers so `advance` builds no object. */
  private mid = Number.NaN;
  private up = Number.NaN;
  private low = Number.NaN;
  private last = Number.NaN;
  /** `advance` moved the bands and `current` has not been rebuilt from them yet. */
  private stale = false;

  constructor(
    readonly period = 20,
    readonly multiplier = 2,
  ) {
    checkPeriod('BollingerBands', 'period', period);
    checkPositive('BollingerBands', 'multiplier', multiplier);
    this.warmUp = period;
    this.moments = new RollingMoments(period);
  }

  get value(): BollingerValue | undefined {
    if (this.stale) this.build();
    return this.current;
  }

  get isReady(): boolean {
    return this.stale || this.current !== undefined;
  }

  /** Middle band of the last input (NaN until the window is full); read after `advance`. */
  get middle(): number {
    return this.mid;
  }

  get upper(): number {
    return this.up;
  }

  get lower(): number {
    return this.low;
  }

  update(x: number): BollingerValue | undefined {
    return this.advance(x) ? this.build() : undefined;
  }

  /**
   * `update` without building a value object: true once the window is full, the bands then in
   * `middle`, `upper` and `lower`. For a strategy that reads three numbers on every bar.
   */
  advance(x: number): boolean {
    const m = this.moments;
    m.push(x);
    if (!m.isFull) return false;
    const middle = m.average;
    const width = this.multiplier * Math.sqrt(m.variance(0));
    this.mid = middle;
    this.up = middle + width;
    this.low = middle - width;
    this.last = x;
    this.stale = true;
    return true;
  }

  reset(): void {
    this.moments.reset();
    this.current = undefined;
    this.mid = this.up = this.low = this.last = Number.NaN;
    this.stale = false;
  }

  private build(): BollingerValue {
    const { mid: middle, up: upper, low: lower } = this;
    const span = upper - lower;
    this.stale = false;
    return (this.current = {
      middle,
      upper,
      lower,
      bandwidth: middle !== 0 ? span / middle : Number.NaN,
      percentB: span > 0 ? (this.last - lower) / span : 0.5,
    });
  }
}
