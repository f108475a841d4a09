// SMA(period): arithmetic mean of the last `period` values; first value at input `period`.
import type { PriceIndicator } from './indicator';
import { checkPeriod, resumEvery } from './parameters';
import { RingBuffer } from './ring-buffer';

/** Simple moving average with a running sum, rebuilt exactly from the window now and then so it cannot drift. */
export class Sma implements PriceIndicator {
  readonly warmUp: number;
  private readonly ring: RingBuffer;
  private readonly resumAfter: number;
  private sum = 0;
  private slides = 0;
  private current: number | undefined = undefined;

  constructor(readonly period: number) {
    checkPeriod('Sma', 'period', period);
    this.warmUp = period;
    this.ring = new RingBuffer(period);
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
      this.sum += x;
      if (!ring.isFull) return undefined;
    } else {
      const old = ring.push(x);
      if (++this.slides >= this.resumAfter) {
        this.sum = ring.sum();
        this.slides = 0;
      } else {
        this.sum += x - old;
      }
    }
    return (this.current = this.sum / this.period);
  }

  reset(): void {
    this.ring.clear();
    this.sum = 0;
    this.slides = 0;
    this.current = undefined;
  }
}
