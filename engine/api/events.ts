import type { CandleEvent } from '../data/candle-service';
import type { ScoredSentimentItem, SentimentAggregate } from '../model/sentiment';
import type { SentimentStatus } from '../signals/sentiment/sentiment-service';

/** Engine status, published when it changes; the first thing a new window shows. */
export type SystemStatusEvent = { readonly state: 'running' | 'stopping'; readonly at: number };

/**
 * Every event stream a client can subscribe to, with its payload. Each stream has its own sequence
 * numbers, so a reconnecting client can ask for exactly what it missed.
 */
export type EngineEvents = {
  'data.candle': CandleEvent;
  'system.status': SystemStatusEvent;
  'sentiment.item': ScoredSentimentItem;
  'sentiment.aggregate': SentimentAggregate;
  'sentiment.status': SentimentStatus;
};

export type EventStream = keyof EngineEvents;

export const EVENT_STREAMS = [
  'data.candle',
  'system.status',
  'sentiment.item',
  'sentiment.aggregate',
  'sentiment.status',
] as const satisfies readonly EventStream[];
