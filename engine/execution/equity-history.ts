import type { EquityPointView } from './execution-views';

const DAY_MS = 86_400_000;
/** Every point of the last two days is kept (the intraday curve); before that, each day's last point. */
export const INTRADAY_WINDOW_MS = 2 * DAY_MS;

/** Where an account's equity history lives between runs (SQLite in the engine: equity-history-repository.ts). */
export type EquityHistoryStore = {
  /** Daily closes before the intraday window, then the intraday points, in time order. */
  load(venue: string, now: number): EquityPointView[];
  append(venue: string, point: EquityPointView, intradayWindowMs: number): void;
};

/**
 * An account's equity points, bounded: the intraday points of the last `INTRADAY_WINDOW_MS` for the
 * window's curve and every older day's close for VaR / CVaR (daily returns), so neither grows with
 * uptime. With a store, every point is written as it is recorded and the history comes back at start:
 * VaR has its 20 daily returns after 21 days of the account, not 21 days of one uninterrupted run.
 */
export class EquityHistory {
  private readonly daily: EquityPointView[] = [];
  private readonly intraday: EquityPointView[] = [];

  constructor(
    private readonly venue: string,
    private readonly store?: EquityHistoryStore,
    now = Date.now(),
  ) {
    for (const point of store?.load(venue, now) ?? []) this.push(point, false);
  }

  record(point: EquityPointView): void {
    this.push(point, true);
  }

  points(): EquityPointView[] {
    return [...this.daily, ...this.intraday];
  }

  private push(point: EquityPointView, save: boolean): void {
    const last = this.intraday.at(-1);
    if (last && point.time <= last.time) return;
    this.intraday.push(point);
    while (this.intraday.length > 0 && this.intraday[0]!.time < point.time - INTRADAY_WINDOW_MS) {
      const old = this.intraday.shift()!;
      const close = this.daily.at(-1);
      if (close && Math.floor(close.time / DAY_MS) === Math.floor(old.time / DAY_MS)) this.daily[this.daily.length - 1] = old;
      else this.daily.push(old);
    }
    if (save) this.store?.append(this.venue, point, INTRADAY_WINDOW_MS);
  }
}
