import type { SeriesKey } from '../model/candle';
import type { SentimentAggregate, SentimentWindow } from '../model/sentiment';
import type { RegimeInputs } from './regime-tracker';

/**
 * Where the detector gets sentiment and flow for the bars of a series: a lookup over a time range, loaded
 * once, so that fitting or replaying tens of thousands of bars costs one query instead of one per bar.
 */
export type RegimeInputSource = (key: SeriesKey, from: number, to: number) => (at: number) => RegimeInputs | undefined;

const QUOTES = ['USDT', 'USDC', 'FDUSD', 'BUSD', 'USD', 'EUR', 'BTC', 'ETH'];

/** The base asset of a market symbol (`BTCUSDT`, `BTC/USDT`, `BTC/USDT:USDT` → `BTC`): what sentiment is keyed by. */
export function baseAsset(symbol: string): string {
  const upper = symbol.toUpperCase();
  const slash = upper.indexOf('/');
  if (slash > 0) return upper.slice(0, slash);
  const quote = QUOTES.find((q) => upper.endsWith(q) && upper.length > q.length);
  return quote ? upper.slice(0, -quote.length) : upper;
}

/** An aggregate older than this at a bar's close does not describe that bar. */
export const SENTIMENT_MAX_AGE_MS = 6 * 3_600_000;

type SentimentSeries = (symbol: string, window: SentimentWindow, from: number, to: number, limit: number) => readonly SentimentAggregate[];

/**
 * Regime inputs from the sentiment store: the base asset's 1 h aggregate as known at each bar's close
 * (the newest one computed at or before it), when it is at most six hours old.
 */
export function sentimentInputs(series: SentimentSeries): RegimeInputSource {
  return (key, from, to) => {
    const aggregates = series(baseAsset(key.symbol), '1h', Math.max(0, from - SENTIMENT_MAX_AGE_MS), to, Number.MAX_SAFE_INTEGER);
    if (aggregates.length === 0) return () => undefined;
    return (at) => {
      const sentiment = latestAtOrBefore(aggregates, at);
      return sentiment && at - sentiment.at <= SENTIMENT_MAX_AGE_MS ? { sentiment } : undefined;
    };
  };
}

function latestAtOrBefore(aggregates: readonly SentimentAggregate[], at: number): SentimentAggregate | undefined {
  let low = 0;
  let high = aggregates.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (aggregates[mid]!.at <= at) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found < 0 ? undefined : aggregates[found];
}
