import type { SentimentWindow } from '../../model/sentiment';

/** Bus topics of the sentiment engine. */
export const sentimentItemTopic = (sourceId: string): string => `sentiment.item.${sourceId.replaceAll('.', '_')}`;
export const sentimentAggregateTopic = (symbol: string, window: SentimentWindow): string =>
  `sentiment.aggregate.${symbol.replaceAll('.', '_')}.${window}`;
export const SENTIMENT_STATUS_TOPIC = 'sentiment.status';
export const ALL_SENTIMENT_ITEMS = 'sentiment.item.>';
export const ALL_SENTIMENT_AGGREGATES = 'sentiment.aggregate.>';

/** Items that name no symbol still move the market-wide aggregate. */
export const MARKET_SYMBOL = 'MARKET';
