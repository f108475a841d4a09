import type { SeriesKey } from '../model/candle';
import type { SentimentAggregate, SentimentWindow } from '../model/sentiment';
import type { RegimeInputs } from './regime-tracker';

const QUOTES = ['USDT', 'USDC', 'FDUSD', 'BUSD', 'USD', 'EUR', 'BTC', 'ETH'];

/** The base asset of a market symbol (`BTCUSDT`, `BTC/USDT`, `BTC/USDT:USDT` → `BTC`): what sentiment is keyed by. */
export function baseAsset(symbol: string): string {
  const upper = symbol.toUpperCase();
  const slash = upper.indexOf('/');
  if (slash > 0) return upper.slice(0, slash);
  const quote = QUOTES.find((q) => upper.endsWith(q) && upper.length > q.length);
  return quote ? upper.slice(0, -quote.length) : upper;
}

/** An aggregate older than this at a bar's close is not "present" for that bar. */
const SENTIMENT_MAX_AGE_MS = 6 * 3_600_000;

/**
 * Regime inputs from the sentiment store: the base asset's 1h aggregate as known at the bar's close,
 * when it is recent enough to describe that bar.
 */
export function sentimentInputs(
  asOf: (symbol: string, window: SentimentWindow, at: number) => SentimentAggregate | null,
): (key: SeriesKey, at: number) => RegimeInputs | undefined {
  return (key, at) => {
    const sentiment = asOf(baseAsset(key.symbol), '1h', at);
    return sentiment && at - sentiment.at <= SENTIMENT_MAX_AGE_MS ? { sentiment } : undefined;
  };
}
