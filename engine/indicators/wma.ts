// WMA(period): linearly weighted mean of the last `period` values, weights 1 (oldest) … period (newest); first value at input `period`.
import type { PriceIndicator } from './indicator';
import { checkPeriod, resumEvery } from './parameters';
import { RingBuffer } from './ring-buffer';

/**
 * Weighted moving average in O(1): when the window slides every weight drops by one, so the weighted
 * sum becomes weighted − plain + period·new. Both sums are rebuilt from the window now and then.
 */
export class Wma implements PriceIndicator {
  readonly warmUp: number;
  private readonly ring: RingBuffer;
  private readonly divisor: number;
  private readonly resumAfter: number;
  private plain = 0;
  private weighted = 0;
  private slides = 0;
  private current: number | undefined = undefined;

  constructor(readonly period: number) {
    checkPeriod('Wma', 'period', period);
    this.warmUp = period;
    this.ring = new RingBuffer(period);
    this.divisor = (period * (period + 1)) / 2;
    this.resumAfter = resumEvery(period);
  }

  get value(): number | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(x: number): number | undefined {
    const ring = this.ring;
    if (!ring.isFull) {
      ring.push(x);
      this.plain += x;
      this.weighted += ring.size * x;
      if (!ring.isFull) return undefined;
    } else {
      const old = ring.push(x);
      if (++this.slides >= this.resumAfter) {
        this.resum();
      } else {
        this.weighted += this.period * x - this.plain;
        this.plain += x - old;
      }
    }
    return (this.current = this.weighted / this.divisor);
  }

  reset(): void {
    this.ring.clear();
    this.plain = 0;
    this.weighted = 0;
    this.slides = 0;
    this.current = undefined;
  }

  private resum(): void {
    let plain = 0;
    let weighted = 0;
    for (let i = 0; i < this.period; i++) {
      const v = this.ring.at(i);
      plain += v;
      weighted += (i + 1) * v;
    }
    this.plain = plain;
    this.weighted = weighted;
    this.slides = 0;
  }
}
