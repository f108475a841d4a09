/**
 * Highest or lowest of the last `period` values in O(1) amortised per push: a monotonic deque of
 * candidates (values that can still become the extreme), kept in fixed ring arrays.
 */
export class RollingExtreme {
  private readonly values: Float64Array;
  private readonly indices: Float64Array;
  private head = 0;
  private length = 0;
  private seen = 0;

  constructor(
    readonly period: number,
    private readonly kind: 'max' | 'min',
  ) {
    this.values = new Float64Array(period);
    this.indices = new Float64Array(period);
  }

  /** Adds `x` and returns the extreme of the window that now ends with it. */
  push(x: number): number {
    const cap = this.period;
    const index = this.seen++;
    // Drop the front when it has left the window.
    if (this.length > 0 && (this.indices[this.head] as number) <= index - cap) {
      this.head = this.head + 1 === cap ? 0 : this.head + 1;
      this.length--;
    }
    // Drop candidates from the back that `x` dominates.
    const max = this.kind === 'max';
    while (this.length > 0) {
      let back = this.head + this.length - 1;
      if (back >= cap) back -= cap;
      const v = this.values[back] as number;
      if (max ? v <= x : v >= x) this.length--;
      else break;
    }
    let slot = this.head + this.length;
    if (slot >= cap) slot -= cap;
    this.values[slot] = x;
    this.indices[slot] = index;
    this.length++;
    return this.values[this.head] as number;
  }

  reset(): void {
    this.head = 0;
    this.length = 0;
    this.seen = 0;
  }
}
