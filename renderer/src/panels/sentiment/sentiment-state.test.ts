import { describe, expect, it } from 'vitest';
import type { ScoredSentimentItem, SentimentAggregate } from '../../engine-client/api-types';
import { addAggregate, addItem, baseAsset, FEED_LIMIT, gaugeOrder, labelNameTone, labelTone } from './sentiment-state';

const item = (id: number): ScoredSentimentItem => ({
  id,
  sourceId: 's',
  kind: 'news',
  externalId: String(id),
  title: `t${id}`,
  publishedAt: null,
  receivedAt: id,
  symbols: [],
  events: [],
  score: { label: 'Neutral', polarity: 0, confidence: 0.9, probabilities: {} },
  model: 'm',
  scoredAt: id,
});
const agg = (symbol: string, at: number, confidence = 0.5, window: SentimentAggregate['window'] = '1h'): SentimentAggregate => ({
  symbol,
  window,
  at,
  score: 0.1,
  confidence,
  count: 1,
  spike: false,
});

describe('sentiment panel state', () => {
  it('keeps the feed newest first, without repeats, capped', () => {
    let items: ScoredSentimentItem[] = [];
    for (let i = 1; i <= FEED_LIMIT + 5; i++) items = addItem(items, item(i));
    items = addItem(items, item(FEED_LIMIT + 5));
    expect(items).toHaveLength(FEED_LIMIT);
    expect(items[0]?.id).toBe(FEED_LIMIT + 5);
  });

  it('keeps the newest aggregate of the gauge window per symbol and orders gauges', () => {
    let gauges = addAggregate({}, agg('BTC', 10, 0.3), '1h');
    gauges = addAggregate(gauges, agg('BTC', 5, 0.9), '1h');
    gauges = addAggregate(gauges, agg('ETH', 11, 0.8), '1h');
    gauges = addAggregate(gauges, agg('MARKET', 12, 0.99), '1h');
    gauges = addAggregate(gauges, agg('SOL', 12, 0.99, '5m'), '1h');
    expect(gauges.BTC?.at).toBe(10);
    expect(gaugeOrder(gauges).map((g) => g.symbol)).toEqual(['ETH', 'BTC', 'MARKET']);
  });

  it('finds base assets and tones', () => {
    expect(baseAsset('BTC/USDT:USDT')).toBe('BTC');
    expect(baseAsset('ETHUSDT')).toBe('ETH');
    expect(labelTone(0.5)).toBe('bullish');
    expect(labelTone(-0.5)).toBe('bearish');
    expect(labelTone(0.1)).toBe('neutral');
    expect(['Bullish', 'negative', 'Neutral', 'LABEL_2'].map(labelNameTone)).toEqual(['bullish', 'bearish', 'neutral', 'neutral']);
  });
});
