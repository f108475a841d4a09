import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLOSE_CODES, MAX_MESSAGE_BYTES } from '../api/protocol';
import { generateCandles } from '../testing/candles';
import { eventually } from '../testing/eventually';
import { tempDir } from '../testing/temp-dir';
import { WsTestClient } from '../testing/ws-test-client';
import { startServe, type RunningServe } from './serve';

const TOKEN = 'test-token-0123456789abcdef';
const series = { venue: 'bybit', symbol: 'BTC/USDT:USDT', timeframe: '1m' } as const;

describe('stratus serve', () => {
  let dir: ReturnType<typeof tempDir>;
  let serve: RunningServe;
  const clients: WsTestClient[] = [];
  const connect = async (token = TOKEN): Promise<WsTestClient> => {
    const client = await WsTestClient.connect(serve.apiUrl, token);
    clients.push(client);
    return client;
  };
  const open = async (): Promise<WsTestClient> => {
    const client = await WsTestClient.open(serve.apiUrl);
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    dir = tempDir();
    const web = join(dir.path, 'web');
    mkdirSync(join(web, 'assets'), { recursive: true });
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Stratus</title>');
    writeFileSync(join(web, 'assets', 'app-1234.js'), 'console.log(1)');
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: web });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await serve.close();
    dir.remove();
  });

  it('binds to loopback by default', () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('answers typed calls over WebSocket', async () => {
    const client = await connect();
    const info = await client.call('system.info', {});
    expect(info).toMatchObject({ host: 'serve', version: '0.1.0', engineId: serve.engine.info.engineId });
    const candles = generateCandles(3);
    expect(await client.call('data.appendCandles', { ...series, candles })).toEqual({ written: 3 });
    const columns = await client.call('data.candles', { ...series, limit: 2 });
    expect(columns.openTime).toEqual(candles.slice(1).map((c) => c.openTime));
    expect(await client.call('data.series', {})).toEqual([
      { ...series, count: 3, firstOpenTime: candles[0]?.openTime, lastOpenTime: candles[2]?.openTime },
    ]);
  });

  it('rejects invalid parameters and unknown methods without touching the store', async () => {
    const client = await connect();
    const [first] = generateCandles(1);
    if (!first) throw new Error('no candle');
    const bad = { ...series, candles: [{ ...first, high: -1 }] };
    await expect(client.call('data.appendCandles', bad)).rejects.toMatchObject({ type: 'ValidationError' });
    const inconsistent = { ...series, candles: [{ openTime: 0, open: 5, high: 4, low: 3, close: 4, volume: 1 }] };
    await expect(client.call('data.appendCandles', inconsistent)).rejects.toThrow(/open 5 is outside low–high/);
    await expect(client.call('nope.nothing' as 'system.ping', {})).rejects.toMatchObject({ type: 'NotFoundError' });
    client.sendRaw('{not json');
    await client.waitFor((m) => m.type === 'error' && m.id === null && /JSON/.test(m.error.message));
    expect(await client.call('data.series', {})).toEqual([]);
  });

  it('refuses a connection without a hello, and one with a wrong token', async () => {
    const anonymous = await open();
    anonymous.sendRaw(JSON.stringify({ type: 'call', id: 1, method: 'data.appendCandles', params: { ...series, candles: generateCandles(1) } }));
    expect(await anonymous.waitForClose()).toBe(CLOSE_CODES.protocolError);
    await expect(connect('wrong-token-wrong-token')).rejects.toThrow('the engine refused this token');
    const wrong = clients.at(-1);
    expect(serve.engine.candles.series()).toEqual([]);
    expect(wrong).toBeDefined();
  });

  it('closes the socket on an oversized message and leaves the engine unchanged', async () => {
    const client = await connect();
    const huge = JSON.stringify({ type: 'call', id: 9, method: 'data.appendCandles', params: { ...series, candles: generateCandles(1) }, pad: 'x'.repeat(MAX_MESSAGE_BYTES) });
    client.sendRaw(huge);
    expect(await client.waitForClose()).toBe(1009);
    expect(serve.engine.candles.series()).toEqual([]);
    const fresh = await connect();
    expect(await fresh.call('system.ping', {})).toHaveProperty('now');
  });

  it('refuses messages past the rate limit instead of queueing them', async () => {
    const client = await connect();
    for (let i = 0; i < 1_100; i++) client.sendRaw(JSON.stringify({ type: 'call', id: i, method: 'system.ping', params: {} }));
    const limited = await client.waitFor((m) => m.type === 'error' && m.error.type === 'RateLimitError');
    expect(limited.type === 'error' && limited.id).toBeGreaterThanOrEqual(1_000);
    await eventually(() => client.received.filter((m) => m.type === 'result' || m.type === 'error').length >= 1_100);
    const results = client.received.filter((m) => m.type === 'result').length;
    expect(results).toBeGreaterThanOrEqual(1_000);
    expect(results).toBeLessThan(1_100);
  });

  it('replays exactly the events a reconnecting client missed', async () => {
    const writer = await connect();
    const watcher = await connect();
    watcher.subscribe({ 'data.candle': null });
    await watcher.waitFor((m) => m.type === 'subscribed');
    const candles = generateCandles(9);
    await writer.call('data.appendCandles', { ...series, candles: candles.slice(0, 3) });
    await eventually(() => watcher.events.length === 3);
    const lastSeen = watcher.events.at(-1)?.seq ?? -1;
    await watcher.close();

    await writer.call('data.appendCandles', { ...series, candles: candles.slice(3, 8) });
    const back = await connect();
    back.subscribe({ 'data.candle': lastSeen });
    await eventually(() => back.events.length === 5);
    await writer.call('data.appendCandles', { ...series, candles: candles.slice(8) });
    await eventually(() => back.events.length === 6);
    expect(back.events.map((e) => e.seq)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(back.events.map((e) => (e.payload as { candle: { openTime: number } }).candle.openTime)).toEqual(
      candles.slice(3).map((c) => c.openTime),
    );
    expect(back.received.some((m) => m.type === 'gap')).toBe(false);
  });

  it('serves the web UI and refuses paths outside it', async () => {
    const get = (path: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> =>
      new Promise((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: serve.port, path }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        });
        req.on('error', reject);
        req.end();
      });
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.body).toContain('<title>Stratus</title>');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/assets/app-1234.js')).headers['cache-control']).toContain('immutable');
    expect((await get('/../../etc/passwd')).status).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404);
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/missing.js')).status).toBe(404);
  });
});

describe('serve token', () => {
  it('is generated and printable on first start only, and survives a restart as a digest', async () => {
    const dir = tempDir();
    const databasePath = join(dir.path, 'stratus.db');
    try {
      const first = await startServe({ databasePath, port: 0, staticDir: null });
      const token = first.printableToken;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      await first.close();

      const second = await startServe({ databasePath, port: 0, staticDir: null });
      expect(second.printableToken).toBeNull();
      const client = await WsTestClient.connect(second.apiUrl, token ?? '');
      expect(await client.call('system.ping', {})).toHaveProperty('now');
      await client.close();
      expect(JSON.stringify(second.engine.settings.get('serve.tokenDigest'))).not.toContain(token);
      await second.close();

      const rotated = await startServe({ databasePath, port: 0, staticDir: null, rotateToken: true });
      expect(rotated.printableToken).not.toBe(token);
      await expect(WsTestClient.connect(rotated.apiUrl, token ?? '')).rejects.toThrow(/refused/);
      await rotated.close();
    } finally {
      dir.remove();
    }
  });
});
