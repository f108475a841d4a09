import type { Candle } from '../model/candle';
import type { CandleHistory } from './strategy-api';

/**
 * The closed bars a strategy may look back on, in a fixed-size ring: O(1) per bar, memory bounded by
 * the strategy's warm-up. The pipeline pushes a bar and only then calls the strategy, so `at(0)` is
 * always the current bar and nothing after it exists yet; the view handed out is frozen.
 */
export class CandleRing {
  private readonly bars: (Candle | undefined)[];
  private head = -1;
  private count = 0;
  /** What strategies see: read-only, and it cannot be used to reach the ring itself. */
  readonly view: CandleHistory;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`history capacity must be a positive integer, not ${capacity}`);
    this.bars = new Array<Candle | undefined>(capacity).fill(undefined);
    const at = (barsAgo: number): Candle | undefined => this.at(barsAgo);
    const length = (): number => this.count;
    this.view = Object.freeze({
      get length() {
        return length();
      },
      at,
    });
  }

  push(candle: Candle): void {
    this.head = this.head + 1 === this.capacity ? 0 : this.head + 1;
    this.bars[this.head] = candle;
    if (this.count < this.capacity) this.count += 1;
  }

  at(barsAgo: number): Candle | undefined {
    if (!(barsAgo >= 0 && barsAgo < this.count) || !Number.isInteger(barsAgo)) return undefined;
    const index = this.head - barsAgo;
    return this.bars[index < 0 ? index + this.capacity : index];
  }

  get length(): number {
    return this.count;
  }

  get latest(): Candle | undefined {
    return this.count === 0 ? undefined : this.bars[this.head];
  }
}
