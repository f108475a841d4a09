import { describe, expect, it } from 'vitest';
import type { SeriesKey } from '../model/candle';
import { baseAsset, createContextProviders } from './context-providers';

const series: SeriesKey = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1h' };
const HOUR = 3_600_000;

describe('context providers', () => {
  it('finds the base asset', () => {
    expect(baseAsset('BTCUSDT')).toBe('BTC');
    expect(baseAsset('ETH/USDC:USDC')).toBe('ETH');
    expect(baseAsset('SOLUSD')).toBe('SOL');
    expect(baseAsset('USDT')).toBe('USDT');
    expect(baseAsset('XBTUSD', 'xbt')).toBe('XBT');
  });

  it('asks sentiment for the base asset as of the bar close', () => {
    const asked: unknown[] = [];
    const providers = createContextProviders({
      baseOf: () => undefined,
      sentimentAsOf: (symbol, window, at) => {
        asked.push([symbol, window, at]);
        return at > 10 ? { symbol, window, at: 5, score: 0.3, confidence: 0.5, count: 2, spike: false } : null;
      },
    });
    expect(providers.sentiment!(series, 5)).toBeUndefined();
    expect(providers.sentiment!(series, 20)?.score).toBe(0.3);
    expect(asked).toEqual([['BTC', '1h', 5], ['BTC', '1h', 20]]);
  });

  it('sums complete hourly flow buckets of the asset and its wrapped tokens before the close', () => {
    const rows = [
      { token: 'WBTC', start: 0, inflow: 10, outflow: 2, net: 8 },
      { token: 'BTCB', start: HOUR, inflow: 1, outflow: 4, net: -3 },
      { token: 'USDT', start: HOUR, inflow: 1_000, outflow: 0, net: 1_000 },
      { token: 'WBTC', start: 2 * HOUR, inflow: 50, outflow: 0, net: 50 },
    ];
    const providers = createContextProviders({
      baseOf: () => 'BTC',
      flows: ({ from, to }) => rows.filter((r) => r.start >= from && r.start < to),
    });
    // At 2h30 the 2h bucket is still filling: only the first two count.
    expect(providers.flow!(series, 2.5 * HOUR)).toEqual({ asset: 'BTC', inflow: 11, outflow: 6, netFlow: 5, at: 2 * HOUR });
    expect(providers.flow!(series, 0.5 * HOUR)).toBeUndefined();
    expect(createContextProviders({ baseOf: () => undefined }).flow).toBeUndefined();
  });
});
