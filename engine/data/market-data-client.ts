import type { Candle } from '../model/candle';
import type { Instrument } from '../model/instrument';
import type { Ticker, TopOfBook, Trade } from '../model/market';
import type { Timeframe } from '../model/timeframe';

/** What a venue can do for market data; the data engine plans downloads and streams from it. */
export type VenueCapabilities = {
  /** Timeframes the venue serves over REST and streams over WebSocket; others are aggregated from 1m. */
  readonly nativeTimeframes: readonly Timeframe[];
  /** Most candles one REST request returns. */
  readonly candlesPerRequest: number;
  readonly streams: { readonly candles: boolean; readonly trades: boolean; readonly book: boolean; readonly ticker: boolean };
  /** The instrument kinds loaded from the venue. */
  readonly kinds: readonly Instrument['kind'][];
};

/**
 * The data engine's view of one venue. `watch*` calls follow ccxt's pattern: each resolves with what
 * arrived since the previous call, and rejects when the connection fails; the next call reconnects.
 */
export type MarketDataClient = {
  readonly venue: string;
  readonly capabilities: VenueCapabilities;
  loadInstruments(): Promise<Instrument[]>;
  /** Candles opening in [since, until], oldest first, at most `limit`; the last may still be open. */
  fetchCandles(symbol: string, timeframe: Timeframe, range: { since: number; until: number; limit: number }): Promise<Candle[]>;
  watchCandles(symbol: string, timeframe: Timeframe): Promise<Candle[]>;
  watchTrades(symbol: string): Promise<Trade[]>;
  watchTopOfBook(symbol: string): Promise<TopOfBook>;
  watchTicker(symbol: string): Promise<Ticker>;
  /** Stops the candle stream of one timeframe; a pending `watchCandles` rejects. */
  unwatchCandles(symbol: string, timeframe: Timeframe): Promise<void>;
  /** Stops the trade, book and ticker streams of `symbol`. */
  unwatchMarket(symbol: string): Promise<void>;
  close(): Promise<void>;
};
