import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimitError, TransientError, ValidationError } from '../../core/errors';
import { BybitEmulator } from '../../testing/bybit-emulator/bybit-emulator';
import { VENUES } from '../venue-table';
import { CcxtDataClient } from './ccxt-data-client';

const NOW = Date.UTC(2025, 0, 6, 12, 0, 30);

describe('CcxtDataClient against the Bybit emulator', () => {
  let emulator: BybitEmulator;
  let client: CcxtDataClient;
  const badFrames: string[] = [];

  beforeAll(async () => {
    emulator = await BybitEmulator.start({ now: NOW, historyMinutes: 3 * 1440, tradesPerMinute: 600 });
    client = await CcxtDataClient.create(VENUES.bybit, {
      endpoint: { restUrl: emulator.restUrl, wsUrl: emulator.wsUrl },
      rateLimit: false,
      onBadFrame: (problem) => badFrames.push(problem),
    });
  });

  afterAll(async () => {
    await client.close();
    await emulator.stop();
  });

  it('loads spot and linear instruments with their precision in three public calls', async () => {
    emulator.clearRequests();
    const instruments = await client.loadInstruments();
    const perp = instruments.find((i) => i.symbol === 'BTC/USDT:USDT');
    const spot = instruments.find((i) => i.symbol === 'BTC/USDT');
    expect(perp).toMatchObject({ venue: 'bybit', kind: 'linear', contract: 'perpetual', tickSize: 0.1, lotStep: 0.001, minQuantity: 0.001, priceScale: 1, quantityScale: 3 });
    expect(spot).toMatchObject({ kind: 'spot', contract: 'none', tickSize: 0.1 });
    expect(emulator.requests().map((r) => r.path)).toEqual([
      '/v5/market/instruments-info',
      '/v5/market/instruments-info',
      '/v5/market/instruments-info',
    ]);
  });

  it('fetches closed candles that equal the venue minutes exactly', async () => {
    const since = NOW - 60 * 60_000 - (NOW % 60_000);
    const candles = await client.fetchCandles('BTC/USDT:USDT', '1m', { since, until: since + 59 * 60_000, limit: 1000 });
    expect(candles).toEqual(emulator.market.closedMinutes('linear', 'BTCUSDT', since, since + 59 * 60_000));
    expect(candles).toHaveLength(60);
  });

  it('maps an unknown symbol to a validation error naming it', async () => {
    await expect(client.fetchCandles('NOPE/USDT:USDT', '1m', { since: 0, until: NOW, limit: 10 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('maps retCode 10006 to a retryable rate-limit error and a 502 to a transient one', async () => {
    emulator.faults.failNext(1, { kind: 'rate-limit' }, '/v5/market/kline');
    const range = { since: NOW - 10 * 60_000, until: NOW, limit: 5 };
    await expect(client.fetchCandles('BTC/USDT:USDT', '1m', range)).rejects.toBeInstanceOf(RateLimitError);
    emulator.faults.failNext(1, { kind: 'server-error' }, '/v5/market/kline');
    await expect(client.fetchCandles('BTC/USDT:USDT', '1m', range)).rejects.toBeInstanceOf(TransientError);
    emulator.faults.failNext(1, { kind: 'malformed' }, '/v5/market/kline');
    await expect(client.fetchCandles('BTC/USDT:USDT', '1m', range)).rejects.toBeInstanceOf(TransientError);
    await expect(client.fetchCandles('BTC/USDT:USDT', '1m', range)).resolves.toHaveLength(5);
  });

  it('streams trades, candles, top of book and ticker over the public WebSocket', async () => {
    const trades = client.watchTrades('BTC/USDT:USDT');
    const candles = client.watchCandles('BTC/USDT:USDT', '1m');
    const book = client.watchTopOfBook('BTC/USDT:USDT');
    const ticker = client.watchTicker('BTC/USDT:USDT');
    await new Promise((resolve) => setTimeout(resolve, 100));
    emulator.market.advanceBy(2_000);
    const [t, c, b, k] = await Promise.all([trades, candles, book, ticker]);
    expect(t.length).toBeGreaterThan(0);
    expect(t[0]).toMatchObject({ side: expect.stringMatching(/buy|sell/) });
    expect(c.at(-1)!.openTime).toBe(NOW - (NOW % 60_000));
    expect(b.ask).toBeGreaterThan(b.bid);
    expect(k.last).toBeGreaterThan(0);
  });

  it('drops malformed and unexpected frames, counts them, and keeps streaming', async () => {
    badFrames.length = 0;
    emulator.streams.sendMalformed('not-json');
    emulator.streams.sendMalformed('bad-data');
    emulator.streams.sendMalformed('unknown-topic');
    const next = client.watchTrades('BTC/USDT:USDT');
    emulator.market.advanceBy(1_000);
    const trades = await next;
    expect(trades.every((trade) => Number.isFinite(trade.price) && trade.price > 1000)).toBe(true);
    expect(badFrames).toHaveLength(3);
  });
});
