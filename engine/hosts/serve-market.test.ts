import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadJob, FeedStatus, TradesEvent } from '../api/types';
import { BybitEmulator } from '../testing/bybit-emulator/bybit-emulator';
import { eventually } from '../testing/eventually';
import { tempDir } from '../testing/temp-dir';
import { WsTestClient } from '../testing/ws-test-client';
import { startServe, type RunningServe } from './serve';

const TOKEN = 'market-test-token-0123456789';
const SERIES = { venue: 'bybit', symbol: 'BTC/USDT:USDT', timeframe: '1m' } as const;

describe('stratus serve with a venue', () => {
  let dir: ReturnType<typeof tempDir>;
  let emulator: BybitEmulator;
  let serve: RunningServe;
  let client: WsTestClient;

  const start = async () => {
    serve = await startServe({
      databasePath: join(dir.path, 'stratus.db'),
      port: 0,
      token: TOKEN,
      staticDir: null,
      venueEndpoints: { bybit: { restUrl: emulator.restUrl, wsUrl: emulator.wsUrl } },
    });
    client = await WsTestClient.connect(serve.apiUrl, TOKEN);
  };

  beforeEach(async () => {
    dir = tempDir();
    emulator = await BybitEmulator.start({ historyMinutes: 3 * 1440, tradesPerMinute: 600 });
    await start();
  });
  afterEach(async () => {
    await client.close();
    await serve.close();
    await emulator.stop();
    dir.remove();
  });

  const payloads = <T>(stream: string): T[] =>
    client.received.flatMap((m) => (m.type === 'event' && m.stream === stream ? [m.payload as T] : []));

  it('searches instruments, downloads history as a job with progress, and names what exists on bad input', async () => {
    const found = await client.call('data.instruments', { query: 'eth', venue: 'bybit' });
    expect(found).toEqual([]);
    await client.call('data.loadInstruments', { venue: 'bybit' });
    const eth = await client.call('data.instruments', { query: 'eth', venue: 'bybit' });
    // Perpetuals first: they are what most traders on Bybit trade.
    expect(eth.map((i) => i.symbol)).toEqual(['ETH/USDT:USDT', 'ETH/USDT']);

    client.subscribe({ 'data.download': 0 });
    const job = await client.call('data.download', { ...SERIES, since: Date.now() - 2 * 86_400_000 });
    expect(job.state).toBe('running');
    await eventually(() => payloads<DownloadJob>('data.download').some((j) => j.id === job.id && j.state === 'done'), { timeoutMs: 20_000 });
    const updates = payloads<DownloadJob>('data.download').filter((j) => j.id === job.id && j.progress);
    expect(updates.length).toBeGreaterThan(1);
    expect(updates.at(-1)!.progress!.fraction).toBe(1);
    const stored = await client.call('data.candles', SERIES);
    expect(stored.openTime.length).toBe(updates.at(-1)!.progress!.stored);

    await expect(client.call('data.download', { ...SERIES, symbol: 'ETHUSDT', since: 0 })).rejects.toMatchObject({
      type: 'ValidationError',
      message: expect.stringContaining('did you mean ETH/USDT, ETH/USDT:USDT'),
    });
    await expect(client.call('data.watch', { ...SERIES, timeframe: '7m' as never })).rejects.toMatchObject({ type: 'ValidationError' });
  });

  it('streams live trades and candles to a connected client, and watches again after a restart', async () => {
    client.subscribe({ 'data.trades': 0, 'data.candle': 0, 'data.feed': 0 });
    emulator.startClock({ speed: 1 });
    const status = await client.call('data.watch', SERIES);
    expect(status.subscriptions).toEqual([{ symbol: 'BTC/USDT:USDT', timeframe: '1m' }]);
    await eventually(() => payloads<TradesEvent>('data.trades').length >= 3 && payloads('data.candle').length >= 2, { timeoutMs: 10_000 });
    expect(payloads<FeedStatus>('data.feed').at(-1)!.state).toBe('connected');

    await client.close();
    await serve.close();
    await start();
    await eventually(async () => (await client.call('data.feeds', {}))[0]?.state === 'connected', { timeoutMs: 10_000 });
    const feeds = await client.call('data.feeds', {});
    expect(feeds[0]!.subscriptions).toEqual([{ symbol: 'BTC/USDT:USDT', timeframe: '1m' }]);
    await client.call('data.unwatch', SERIES);
    expect((await client.call('data.feeds', {}))[0]!.subscriptions).toEqual([]);
  });
});
