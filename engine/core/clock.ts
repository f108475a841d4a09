/** Time source for the engine. Live and backtest kernels differ only in the Clock and the clients. */
export type Clock = {
  /** Milliseconds since the Unix epoch. */
  now(): number;
};

export class LiveClock implements Clock {
  now(): number {
    return Date.now();
  }
}

type Scheduled = { at: number; seq: number; run: () => void };

/**
 * A clock that only moves when told to. Callbacks scheduled with `at` fire in time order
 * (ties in scheduling order) as the clock is advanced past them, so tests are deterministic.
 */
export class TestClock implements Clock {
  private current: number;
  private scheduled: Scheduled[] = [];
  private nextSeq = 0;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  at(time: number, run: () => void): void {
    this.scheduled.push({ at: time, seq: this.nextSeq++, run });
    this.scheduled.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  advanceTo(time: number): void {
    if (time < this.current) throw new Error(`TestClock cannot go back from ${this.current} to ${time}`);
    for (let next = this.scheduled[0]; next && next.at <= time; next = this.scheduled[0]) {
      this.scheduled.shift();
      this.current = next.at;
      next.run();
    }
    this.current = time;
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.current + ms);
  }
}
