// Session VWAP: Σ(typical price·volume)/Σ volume since the session began (UTC day by default), typical price = (high+low+close)/3; first value at input 1.
import type { Candle } from '../model/candle';
import type { BarIndicator } from './indicator';
import { checkSession, sessionOf, type SessionOptions } from './session';

/**
 * Volume-weighted average price anchored at each session start: it resets on the first bar whose open
 * time falls in a new session (so gaps are handled: the session is read from the time, not counted in
 * bars). Until the session has traded any volume the value is the latest typical price.
 */
export class SessionVwap implements BarIndicator {
  readonly warmUp = 1;
  readonly sessionMs: number;
  readonly offsetMs: number;
  private session = Number.NaN;
  private pv = 0;
  private volume = 0;
  private current: number | undefined = undefined;

  constructor(options: SessionOptions = {}) {
    ({ sessionMs: this.sessionMs, offsetMs: this.offsetMs } = checkSession('SessionVwap', options));
  }

  get value(): number | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(bar: Candle): number {
    const session = sessionOf(bar.openTime, this.sessionMs, this.offsetMs);
    if (session !== this.session) {
      this.session = session;
      this.pv = 0;
      this.volume = 0;
    }
    const typical = (bar.high + bar.low + bar.close) / 3;
    this.pv += typical * bar.volume;
    this.volume += bar.volume;
    return (this.current = this.volume > 0 ? this.pv / this.volume : typical);
  }

  reset(): void {
    this.session = Number.NaN;
    this.pv = 0;
    this.volume = 0;
    this.current = undefined;
  }
}
