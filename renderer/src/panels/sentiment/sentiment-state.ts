import type { ScoredSentimentItem, SentimentAggregate, SentimentWindow } from '../../engine-client/api-types';

/** Most feed items the panel keeps; older ones are a `sentiment.feed` page away. */
export const FEED_LIMIT = 200;

/** Adds an item at the top of the feed (newest first), ignoring one already shown. */
export function addItem(items: readonly ScoredSentimentItem[], item: ScoredSentimentItem): ScoredSentimentItem[] {
  if (items.some((i) => i.id === item.id)) return [...items];
  return [item, ...items].slice(0, FEED_LIMIT);
}

export type GaugeMap = Readonly<Record<string, SentimentAggregate>>;

/** Keeps the newest aggregate per symbol for the gauge window. */
export function addAggregate(gauges: GaugeMap, aggregate: SentimentAggregate, window: SentimentWindow): GaugeMap {
  if (aggregate.window !== window) return gauges;
  const current = gauges[aggregate.symbol];
  if (current && current.at > aggregate.at) return gauges;
  return { ...gauges, [aggregate.symbol]: aggregate };
}

/** Symbols for the gauges: most confident first, the market-wide one last. */
export function gaugeOrder(gauges: GaugeMap): SentimentAggregate[] {
  return Object.values(gauges).sort((a, b) => {
    if (a.symbol === 'MARKET') return 1;
    if (b.symbol === 'MARKET') return -1;
    return b.confidence - a.confidence || a.symbol.localeCompare(b.symbol);
  });
}

/** The base asset of a trading symbol: BTC/USDT:USDT → BTC, ETHUSDT → ETH. */
export function baseAsset(symbol: string): string {
  const slash = symbol.split('/')[0] ?? symbol;
  return slash.replace(/(USDT|USDC|USD|BUSD)$/i, '').toUpperCase() || slash.toUpperCase();
}

export function labelTone(polarity: number): 'bullish' | 'bearish' | 'neutral' {
  if (polarity > 0.2) return 'bullish';
  if (polarity < -0.2) return 'bearish';
  return 'neutral';
}

/** The tone of a model label by its name (any model's labels: Bullish/positive, Bearish/negative, others neutral). */
export function labelNameTone(label: string): 'bullish' | 'bearish' | 'neutral' {
  if (/bull|pos/i.test(label)) return 'bullish';
  if (/bear|neg/i.test(label)) return 'bearish';
  return 'neutral';
}
