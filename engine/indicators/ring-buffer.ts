/**
 * Fixed-capacity ring of numbers (a Float64Array): `push` returns the value it evicts once full, so
 * rolling indicators slide their windows in O(1) without shifting arrays.
 */
export class RingBuffer {
  private readonly data: Float64Array;
  private head = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    this.data = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  get isFull(): boolean {
    return this.count === this.capacity;
  }

  /** Appends `value`; returns the evicted oldest value when the ring was full, otherwise NaN. */
  push(value: number): number {
    const data = this.data;
    const head = this.head;
    const evicted = this.count === this.capacity ? (data[head] as number) : Number.NaN;
    data[head] = value;
    this.head = head + 1 === this.capacity ? 0 : head + 1;
    if (this.count < this.capacity) this.count++;
    return evicted;
  }

  /** The i-th value, oldest first (0 ≤ i < size). */
  at(i: number): number {
    const start = this.count === this.capacity ? this.head : 0;
    const j = start + i;
    return this.data[j >= this.capacity ? j - this.capacity : j] as number;
  }

  /** The newest value, NaN when empty. */
  last(): number {
    if (this.count === 0) return Number.NaN;
    return this.data[this.head === 0 ? this.capacity - 1 : this.head - 1] as number;
  }

  sum(): number {
    let s = 0;
    for (let i = 0; i < this.count; i++) s += this.data[i] as number;
    return s;
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
