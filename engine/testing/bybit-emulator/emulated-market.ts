import type { Candle } from '../../model/candle';
import { type BybitInterval, barStart, nextBarStart } from './intervals';
import { MinuteSource } from './minute-source';
import { minuteTrade, type EmulatedTrade } from './minute-trades';

const MINUTE = 60_000;

export type MarketCategory = 'spot' | 'linear';

/** One bar as Bybit serves it: OHLCV plus turnover, and whether it has closed. */
export type EmulatedBar = Candle & { readonly turnover: number; readonly closed: boolean };

export type MarketListener = {
  readonly trades?: (category: MarketCategory, symbol: string, trades: readonly EmulatedTrade[]) => void;
  /** After each step of market time, for every instrument whose state moved. */
  readonly changed?: (category: MarketCategory, symbol: string) => void;
};

export type MarketConfig = {
  /** Market time at start (ms). Defaults to the wall clock. */
  readonly now?: number;
  /** How much one-minute history each random-walk instrument has before `now`. */
  readonly historyMinutes?: number;
  readonly seed?: number;
  /** Trades per minute of market time; 1,000 trades a second at speed 1 is 60,000. */
  readonly tradesPerMinute?: number;
  /** Instruments whose bars come from a candle file instead of the random walk. */
  readonly replays?: readonly { readonly category: MarketCategory; readonly symbol: string; readonly candles: readonly Candle[] }[];
};

type InstrumentState = {
  readonly source: MinuteSource;
  /** The minute now trading, and the next of its trades to emit. */
  minute: number;
  nextTrade: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  turnover: number;
  traded: boolean;
};

const START_PRICES: Record<string, number> = { BTC: 60_000, ETH: 3_000, SOL: 150, XRP: 0.6, DOGE: 0.15 };

/**
 * The emulated venue's market: its own clock, one-minute truth per instrument, trades synthesised from
 * it, and bars of any Bybit interval aggregated from those minutes. Time moves only through `advanceTo`,
 * which a test calls directly or a ticker calls from the wall clock at any speed.
 */
export class EmulatedMarket {
  private time: number;
  private readonly states = new Map<string, InstrumentState>();
  private readonly listeners = new Set<MarketListener>();
  private readonly historyMinutes: number;
  private readonly seed: number;
  readonly tradesPerMinute: number;

  constructor(config: MarketConfig = {}) {
    this.time = config.now ?? Date.now();
    this.historyMinutes = config.historyMinutes ?? 7 * 1440;
    this.seed = config.seed ?? 7;
    this.tradesPerMinute = Math.max(4, Math.min(60_000, config.tradesPerMinute ?? 60));
    for (const replay of config.replays ?? []) {
      this.states.set(key(replay.category, replay.symbol), newState(MinuteSource.replay(replay.candles)));
    }
  }

  get now(): number {
    return this.time;
  }

  listen(listener: MarketListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Moves market time forward, emitting every trade up to `time` for every instrument in use. */
  advanceTo(time: number): void {
    if (time <= this.time) return;
    this.time = time;
    for (const [id, state] of this.states) {
      const [category, symbol] = splitKey(id);
      const trades = this.catchUp(state, id);
      if (trades.length > 0) for (const listener of this.listeners) listener.trades?.(category, symbol, trades);
      for (const listener of this.listeners) listener.changed?.(category, symbol);
    }
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  /** Bars of `interval` opening in [start, end], oldest first; the one still open, partly built, last. */
  bars(category: MarketCategory, symbol: string, interval: BybitInterval, start: number, end: number): EmulatedBar[] {
    const state = this.state(category, symbol);
    this.catchUp(state, key(category, symbol));
    const first = barStart(interval, Math.max(start, state.source.firstMinute));
    const last = Math.min(end, this.time);
    const bars: EmulatedBar[] = [];
    for (let open = first; open <= last; open = nextBarStart(interval, open)) {
      if (open < start) continue;
      const bar = this.bar(state, open, nextBarStart(interval, open));
      if (bar) bars.push(bar);
    }
    return bars;
  }

  /**
   * The newest `limit` one-minute klines opening in [start, end], newest first, as the JSON text of
   * Bybit's `list`: what history downloads ask for page after page, built without intermediate objects.
   */
  minuteKlinesJson(category: MarketCategory, symbol: string, start: number, end: number, limit: number): string {
    const state = this.state(category, symbol);
    this.catchUp(state, key(category, symbol));
    const first = Math.max(start + ((MINUTE - (start % MINUTE)) % MINUTE), state.source.firstMinute);
    const last = Math.min(end, this.time) - (Math.min(end, this.time) % MINUTE);
    const rows: string[] = [];
    for (let minute = last; minute >= first && rows.length < limit; minute -= MINUTE) {
      if (minute + MINUTE <= this.time) {
        const index = state.source.indexAt(minute);
        if (index >= 0) rows.push(state.source.klineJson(index));
      } else {
        const bar = this.bar(state, minute, minute + MINUTE);
        if (bar) rows.push(JSON.stringify([bar.openTime, bar.open, bar.high, bar.low, bar.close, bar.volume, bar.turnover].map(String)));
      }
    }
    return `[${rows.join(',')}]`;
  }

  /** The bar of `interval` that contains market time now. */
  currentBar(category: MarketCategory, symbol: string, interval: BybitInterval): EmulatedBar | null {
    const state = this.state(category, symbol);
    this.catchUp(state, key(category, symbol));
    const open = barStart(interval, this.time);
    return this.bar(state, open, nextBarStart(interval, open));
  }

  lastPrice(category: MarketCategory, symbol: string): number {
    const state = this.state(category, symbol);
    this.catchUp(state, key(category, symbol));
    return state.traded ? state.close : state.open;
  }

  /** Every closed one-minute bar, oldest first: what a complete download must store. */
  closedMinutes(category: MarketCategory, symbol: string, from: number, to: number): Candle[] {
    const state = this.state(category, symbol);
    const result: Candle[] = [];
    for (let minute = Math.max(from - (from % MINUTE), state.source.firstMinute); minute <= to && minute + MINUTE <= this.time; minute += MINUTE) {
      const index = state.source.indexAt(minute);
      if (index >= 0) result.push(state.source.candle(index));
    }
    return result;
  }

  hasInstrument(category: MarketCategory, symbol: string): boolean {
    return this.states.has(key(category, symbol));
  }

  /** The state of an instrument, created on first use with its own seeded walk. */
  state(category: MarketCategory, symbol: string): InstrumentState {
    const id = key(category, symbol);
    let state = this.states.get(id);
    if (!state) {
      const base = symbol.replace(/(USDT|USDC|USD)$/, '');
      const source = MinuteSource.randomWalk({
        from: this.time - this.historyMinutes * MINUTE,
        seed: this.seed ^ hash(id),
        price: START_PRICES[base] ?? 100,
      });
      state = newState(source);
      this.states.set(id, state);
      this.catchUp(state, id);
    }
    return state;
  }

  /** Brings an instrument's trading up to market time; returns the trades that happened meanwhile. */
  private catchUp(state: InstrumentState, id: string): EmulatedTrade[] {
    const trades: EmulatedTrade[] = [];
    const nowMinute = this.time - (this.time % MINUTE);
    if (state.minute < nowMinute) {
      // Whole minutes passed: nobody needs their trades one by one unless they are recent.
      const skipTo = Math.max(state.minute + MINUTE, nowMinute);
      if (state.minute + MINUTE < nowMinute) resetMinute(state, skipTo);
    }
    for (;;) {
      const index = state.source.indexAt(state.minute);
      if (index < 0) break;
      const bar = state.source.candle(index);
      if (!state.traded) state.open = bar.open;
      while (state.nextTrade < this.tradesPerMinute) {
        const trade = minuteTrade(bar, state.nextTrade, this.tradesPerMinute, id);
        if (trade.time > this.time) break;
        applyTrade(state, trade);
        trades.push(trade);
        state.nextTrade += 1;
      }
      if (state.minute + MINUTE > this.time) break;
      resetMinute(state, state.minute + MINUTE);
    }
    return trades;
  }

  private bar(state: InstrumentState, open: number, close: number): EmulatedBar | null {
    let bar: { open: number; high: number; low: number; close: number; volume: number; turnover: number } | null = null;
    const closed = close <= this.time;
    for (let minute = Math.max(open, state.source.firstMinute); minute < close && minute <= this.time; minute += MINUTE) {
      const part = this.minutePart(state, minute);
      if (!part) continue;
      if (!bar) bar = { ...part };
      else {
        bar.high = Math.max(bar.high, part.high);
        bar.low = Math.min(bar.low, part.low);
        bar.close = part.close;
        bar.volume += part.volume;
        bar.turnover += part.turnover;
      }
    }
    return bar ? { openTime: open, ...bar, closed } : null;
  }

  /** A minute's bar: from the source once closed, from the trades so far while it is open. */
  private minutePart(state: InstrumentState, minute: number) {
    const index = state.source.indexAt(minute);
    if (index < 0) return null;
    if (minute + MINUTE <= this.time) {
      const c = state.source.candle(index);
      return { open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume, turnover: c.volume * c.close };
    }
    if (minute !== state.minute) return null;
    if (!state.traded) {
      const c = state.source.candle(index);
      return { open: c.open, high: c.open, low: c.open, close: c.open, volume: 0, turnover: 0 };
    }
    return { open: state.open, high: state.high, low: state.low, close: state.close, volume: state.volume, turnover: state.turnover };
  }
}

function newState(source: MinuteSource): InstrumentState {
  return { source, minute: source.firstMinute, nextTrade: 0, open: 0, high: 0, low: 0, close: 0, volume: 0, turnover: 0, traded: false };
}

function resetMinute(state: InstrumentState, minute: number): void {
  state.minute = minute;
  state.nextTrade = 0;
  state.traded = false;
  state.volume = 0;
  state.turnover = 0;
}

function applyTrade(state: InstrumentState, trade: EmulatedTrade): void {
  if (!state.traded) {
    state.high = trade.price;
    state.low = trade.price;
    state.traded = true;
  }
  state.high = Math.max(state.high, trade.price);
  state.low = Math.min(state.low, trade.price);
  state.close = trade.price;
  state.volume += trade.size;
  state.turnover += trade.size * trade.price;
}

function key(category: MarketCategory, symbol: string): string {
  return `${category}:${symbol}`;
}

function splitKey(id: string): [MarketCategory, string] {
  const [category, symbol] = id.split(':') as [MarketCategory, string];
  return [category, symbol];
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
