/** One public trade on a venue. `time` is the venue's trade time (ms), `receivedAt` when the engine got it. */
export type Trade = {
  readonly id: string;
  readonly time: number;
  readonly price: number;
  readonly amount: number;
  readonly side: 'buy' | 'sell';
};

/** Best bid and ask. */
export type TopOfBook = {
  readonly time: number;
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
};

/** The venue's 24-hour summary for an instrument. */
export type Ticker = {
  readonly time: number;
  readonly last: number;
  readonly high24h: number | null;
  readonly low24h: number | null;
  readonly changePercent24h: number | null;
  readonly volume24h: number | null;
};

/** The live streams the engine can keep for a symbol. */
export const MARKET_STREAMS = ['candles', 'trades', 'book', 'ticker'] as const;
export type MarketStream = (typeof MARKET_STREAMS)[number];
