import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bybitUrls } from '../../adapters/bybit/bybit-endpoint';
import { loadCcxt } from '../../adapters/ccxt/load-ccxt';
import { VENUES } from '../../adapters/venue-table';
import { BybitEmulator } from './bybit-emulator';

const SHARED = resolve(process.cwd(), '../shared/data/bybit');
const RESPONSES = resolve(SHARED, 'response_bybit.excerpt.json');
const INSTRUMENTS = resolve(SHARED, 'instruments_from_ccxt_static_markets.json');
const present = existsSync(RESPONSES) && existsSync(INSTRUMENTS);

type Fixture = { input: unknown[]; parsedResponse: unknown };

/** The fields ccxt filled (not null, not undefined) in a parsed result, as dotted paths one level deep. */
function filled(value: unknown): string[] {
  const item = Array.isArray(value) ? value[0] : value;
  if (typeof item !== 'object' || item === null) return [];
  return Object.entries(item)
    .filter(([key, v]) => key !== 'info' && v !== null && v !== undefined)
    .map(([key]) => key)
    .sort();
}

describe.skipIf(!present)('emulator responses parse in ccxt like real Bybit responses (ccxt fixtures, shared data)', () => {
  let emulator: BybitEmulator;
  beforeAll(async () => {
    emulator = await BybitEmulator.start({ instrumentsFile: INSTRUMENTS, historyMinutes: 2 * 1440 });
  });
  afterAll(async () => emulator.stop());

  it('serves the real instruments and fills every field a real response fills', async () => {
    const ccxt = await loadCcxt();
    const exchange = new ccxt.bybit({ ...VENUES.bybit.ccxtConfig, enableRateLimit: false, urls: bybitUrls({ restUrl: emulator.restUrl, wsUrl: emulator.wsUrl }) });
    const markets = await exchange.loadMarkets();
    expect(markets['BTC/USDT:USDT']).toMatchObject({ precision: { price: 0.1, amount: 0.001 }, limits: { amount: { min: 0.001 } } });
    const fixtures = (JSON.parse(readFileSync(RESPONSES, 'utf8')) as { methods: Record<string, Fixture[]> }).methods;
    const calls: Record<string, () => Promise<unknown>> = {
      fetchOHLCV: () => exchange.fetchOHLCV('BTC/USDT:USDT', '1h', Date.now() - 3 * 3_600_000, 3),
      fetchTicker: () => exchange.fetchTicker('BTC/USDT:USDT'),
      fetchOrderBook: () => exchange.fetchOrderBook('BTC/USDT:USDT', 2),
      fetchTrades: () => exchange.fetchTrades('BTC/USDT:USDT', undefined, 1),
    };
    for (const [method, call] of Object.entries(calls)) {
      const fixture = fixtures[method]!.find((f) => String(f.input[0]).endsWith(':USDT')) ?? fixtures[method]![0]!;
      const ours = await call();
      if (method === 'fetchOHLCV') {
        expect((ours as number[][])[0], method).toHaveLength((fixture.parsedResponse as number[][])[0]!.length);
        continue;
      }
      expect(filled(ours), method).toEqual(expect.arrayContaining(filled(fixture.parsedResponse)));
    }
  });
});
