import { describe, expect, it } from 'vitest';
import type { SeriesSummary } from '../engine-client/api-types';
import { MemoryStorage } from '../testing/memory-storage';
import { createMarketStore, instrumentsOf, MARKET_STORAGE_KEY, selectedKey } from './market-store';
import { timeframeChoices } from './timeframes';

const series: SeriesSummary[] = [
  { venue: 'bybit', symbol: 'BTC/USDT', timeframe: '1m', count: 10, firstOpenTime: 0, lastOpenTime: 540_000 },
  { venue: 'bybit', symbol: 'BTC/USDT', timeframe: '1h', count: 2, firstOpenTime: 0, lastOpenTime: 3_600_000 },
  { venue: 'bybit', symbol: 'ETH/USDT', timeframe: '4h', count: 3, firstOpenTime: 0, lastOpenTime: 0 },
];

describe('market store', () => {
  it('selects the first stored series when nothing is chosen', () => {
    const store = createMarketStore(new MemoryStorage());
    store.getState().setSeries(series);
    expect(selectedKey(store.getState())).toEqual({ venue: 'bybit', symbol: 'BTC/USDT', timeframe: '1m' });
  });

  it('keeps the timeframe across instruments that have it, else takes the instrument’s first', () => {
    const store = createMarketStore(new MemoryStorage());
    store.getState().setSeries(series);
    store.getState().selectTimeframe('1h');
    store.getState().selectInstrument({ venue: 'bybit', symbol: 'ETH/USDT' });
    expect(store.getState().timeframe).toBe('4h');
  });

  it('remembers the selection across windows', () => {
    const storage = new MemoryStorage();
    const first = createMarketStore(storage);
    first.getState().setSeries(series);
    first.getState().selectSeries({ venue: 'bybit', symbol: 'BTC/USDT', timeframe: '1h' });
    expect(storage.getItem(MARKET_STORAGE_KEY)).not.toBeNull();
    const second = createMarketStore(storage);
    second.getState().setSeries(series);
    expect(selectedKey(second.getState())).toEqual({ venue: 'bybit', symbol: 'BTC/USDT', timeframe: '1h' });
  });

  it('lists instruments once each and offers common timeframes plus stored ones', () => {
    expect(instrumentsOf(series)).toEqual([
      { venue: 'bybit', symbol: 'BTC/USDT' },
      { venue: 'bybit', symbol: 'ETH/USDT' },
    ]);
    expect(timeframeChoices(['1w', '1m'])).toEqual(['1m', '5m', '15m', '1h', '4h', '1d', '1w']);
  });
});
