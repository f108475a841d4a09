import { describe, expect, it } from 'vitest';
import type { SentimentAggregate } from '../model/sentiment';
import { fittedTestModel } from '../testing/regime-test-model';
import { generateRegimeCandles } from '../testing/regime-candles';
import { toColumns } from '../model/candle';
import { TEST_SERIES } from '../testing/regime-test-model';
import { HmmRegimeTracker } from './hmm-regime-tracker';
import { fitRegimeModel } from './regime-fit';
import { baseAsset, sentimentInputs, SENTIMENT_MAX_AGE_MS } from './regime-inputs';

const HOUR = 3_600_000;
const aggregate = (at: number, score: number): SentimentAggregate => ({ symbol: 'BTC', window: '1h', at, score, confidence: 0.5, count: 3, spike: false });

describe('regime inputs', () => {
  it('finds the base asset of venue symbols', () => {
    expect(baseAsset('BTCUSDT')).toBe('BTC');
    expect(baseAsset('BTC/USDT:USDT')).toBe('BTC');
    expect(baseAsset('eth/btc')).toBe('ETH');
    expect(baseAsset('ETHBTC')).toBe('ETH');
    expect(baseAsset('USDT')).toBe('USDT');
  });

  it('answers each bar with the aggregate known at its close, if recent enough, from one query', () => {
    const queries: unknown[][] = [];
    const source = sentimentInputs((...args) => {
      queries.push(args);
      return [aggregate(10 * HOUR, 0.2), aggregate(12 * HOUR, -0.4)];
    });
    const at = source({ venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h' }, 11 * HOUR, 30 * HOUR);
    expect(queries).toEqual([['BTC', '1h', 11 * HOUR - SENTIMENT_MAX_AGE_MS, 30 * HOUR, Number.MAX_SAFE_INTEGER]]);
    expect(at(9 * HOUR)).toBeUndefined(); // nothing known yet
    expect(at(11 * HOUR)?.sentiment?.score).toBe(0.2);
    expect(at(12 * HOUR)?.sentiment?.score).toBe(-0.4); // computed at the close: known
    expect(at(12 * HOUR + SENTIMENT_MAX_AGE_MS)?.sentiment?.score).toBe(-0.4);
    expect(at(12 * HOUR + SENTIMENT_MAX_AGE_MS + 1)).toBeUndefined(); // too old to describe the bar
    expect(queries).toHaveLength(1);
  });

  it('a model takes sentiment when the fit data has it, and a bar without it is still filtered', async () => {
    const { candles } = generateRegimeCandles(3_000, { seed: 9 });
    const withSentiment = await fitRegimeModel({
      key: TEST_SERIES,
      candles: toColumns(candles),
      states: 3,
      id: 's',
      version: 1,
      now: () => 0,
      // Sentiment for the second half only: half the bars have it.
      inputsAt: (openTime) => (openTime >= candles[1_500]!.openTime ? { sentiment: aggregate(openTime, Math.sin(openTime / HOUR / 50)) } : undefined),
    });
    expect(withSentiment.features).toContain('sentiment');
    const tracker = new HmmRegimeTracker(withSentiment, () => 0);
    let last;
    for (const c of candles.slice(0, 200)) last = tracker.update(c);
    expect(last?.probabilities.every(Number.isFinite)).toBe(true);
    expect(tracker.explain()?.drivers.find((d) => d.feature === 'sentiment')).toEqual({ feature: 'sentiment', value: null, contribution: 0 });

    const sparse = await fitRegimeModel({
      key: TEST_SERIES,
      candles: toColumns(candles),
      states: 3,
      id: 't',
      version: 1,
      now: () => 0,
      inputsAt: (openTime) => (openTime >= candles[2_900]!.openTime ? { sentiment: aggregate(openTime, 0.1) } : undefined),
    });
    expect(sparse.features).not.toContain('sentiment');

    const withFlow = await fitRegimeModel({
      key: TEST_SERIES,
      candles: toColumns(candles),
      states: 3,
      id: 'f',
      version: 1,
      now: () => 0,
      inputsAt: (openTime) => ({ flow: { asset: 'BTC', netFlow: 500 * Math.cos(openTime / HOUR / 30), inflow: 1_000, outflow: 500, at: openTime } }),
    });
    expect(withFlow.features).toEqual(['return', 'volatility', 'adx', 'direction', 'volume', 'netFlow']);
    expect((await fittedTestModel()).model.features).toEqual(['return', 'volatility', 'adx', 'direction', 'volume']);
  });
});
