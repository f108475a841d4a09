// TWAP: mean of each bar's (open+high+low+close)/4, over the last `period` bars (rolling; first value at input `period`) or since the session began (session; first value at input 1).
import type { Candle } from '../model/candle';
import type { BarIndicator } from './indicator';
import { checkPeriod } from './parameters';
import { checkSession, sessionOf, type SessionOptions } from './session';
import { Sma } from './sma';

export type TwapOptions = { readonly mode: 'rolling'; readonly period: number } | ({ readonly mode: 'session' } & SessionOptions);

/**
 * Time-weighted average price. Bars are equal slices of time, so it is the plain mean of each bar's
 * average price, estimated as OHLC/4 (the usual choice when only bars are known).
 */
export class Twap implements BarIndicator {
  readonly warmUp: number;
  private readonly rolling: Sma | undefined;
  private readonly sessionMs: number;
  private readonly offsetMs: number;
  private session = Number.NaN;
  private sum = 0;
  private count = 0;
  private current: number | undefined = undefined;

  constructor(readonly options: TwapOptions = { mode: 'session' }) {
    if (options.mode === 'rolling') {
      this.rolling = new Sma(checkPeriod('Twap', 'period', options.period));
      this.warmUp = options.period;
      this.sessionMs = 0;
      this.offsetMs = 0;
    } else {
      this.rolling = undefined;
      this.warmUp = 1;
      ({ sessionMs: this.sessionMs, offsetMs: this.offsetMs } = checkSession('Twap', options));
    }
  }

  get value(): number | undefined {
    return this.current;
  }

  get isReady(): boolean {
    return this.current !== undefined;
  }

  update(bar: Candle): number | undefined {
    const price = (bar.open + bar.high + bar.low + bar.close) / 4;
    if (this.rolling !== undefined) {
      const v = this.rolling.update(price);
      if (v !== undefined) this.current = v;
      return v;
    }
    const session = sessionOf(bar.openTime, this.sessionMs, this.offsetMs);
    if (session !== this.session) {
      this.session = session;
      this.sum = 0;
      this.count = 0;
    }
    this.sum += price;
    return (this.current = this.sum / ++this.count);
  }

  reset(): void {
    this.rolling?.reset();
    this.session = Number.NaN;
    this.sum = 0;
    this.count = 0;
    this.current = undefined;
  }
}
