import { describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors';
import { parseVenueEndpoint } from '../kernel/venue-clients';
import { CcxtDataClient } from './ccxt/ccxt-data-client';
import { loadCcxt } from './ccxt/load-ccxt';
import { VENUES, VENUE_IDS } from './venue-table';

describe('venue capability table', () => {
  it.each(VENUE_IDS)('%s: ccxt serves every native timeframe and every live stream the table promises', async (id) => {
    const ccxt = await loadCcxt();
    const venue = VENUES[id];
    const exchange = new (ccxt.pro[venue.ccxtId] as unknown as new (config: object) => { timeframes: Record<string, unknown>; has: Record<string, unknown> })(venue.ccxtConfig);
    for (const timeframe of venue.capabilities.nativeTimeframes) expect(exchange.timeframes, timeframe).toHaveProperty(timeframe);
    expect(exchange.has).toMatchObject({ fetchOHLCV: true, watchOHLCV: true, watchTrades: true, watchOrderBook: true, watchTicker: true });
  });

  it('redirects only venues that define how, and parses --venue-endpoint values', async () => {
    await expect(CcxtDataClient.create(VENUES.binance, { endpoint: { restUrl: 'http://127.0.0.1:1', wsUrl: 'ws://127.0.0.1:1' } })).rejects.toBeInstanceOf(ValidationError);
    expect(parseVenueEndpoint('bybit=http://127.0.0.1:9000/')).toEqual(['bybit', { restUrl: 'http://127.0.0.1:9000', wsUrl: 'ws://127.0.0.1:9000' }]);
    expect(parseVenueEndpoint('bybit=https://mirror.example')).toEqual(['bybit', { restUrl: 'https://mirror.example', wsUrl: 'wss://mirror.example' }]);
    expect(() => parseVenueEndpoint('kraken=http://127.0.0.1:1')).toThrow(/unknown venue "kraken".*bybit, binance, okx/);
    expect(() => parseVenueEndpoint('bybit')).toThrow(/must look like bybit=/);
  });
});
