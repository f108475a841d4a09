import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bybitUrls } from '../../adapters/bybit/bybit-endpoint';
import { loadCcxt } from '../../adapters/ccxt/load-ccxt';
import { VENUES } from '../../adapters/venue-table';
import { BybitEmulator } from './bybit-emulator';

const KEY = 'emulator-key';
const SECRET = 'emulator-secret';

describe('Bybit emulator private side and fixtures', () => {
  let emulator: BybitEmulator;
  beforeAll(async () => {
    emulator = await BybitEmulator.start({ apiKeys: { [KEY]: SECRET }, balances: { USDT: 12_345.5, BTC: 0.25 } });
  });
  afterAll(async () => emulator.stop());

  const exchange = async (secret: string) => {
    const ccxt = await loadCcxt();
    return new ccxt.bybit({ ...VENUES.bybit.ccxtConfig, apiKey: KEY, secret, enableRateLimit: false, urls: bybitUrls({ restUrl: emulator.restUrl, wsUrl: emulator.wsUrl }) });
  };

  it('verifies ccxt request signatures: a signed balance call parses, a wrong secret is an authentication error', async () => {
    const good = await exchange(SECRET);
    const balance = await good.fetchBalance();
    expect(balance.total).toMatchObject({ USDT: 12_345.5, BTC: 0.25 });
    const request = emulator.requests('/v5/account/wallet-balance').at(-1)!;
    expect(request.query).toBe('accountType=UNIFIED');

    const ccxt = await loadCcxt();
    const bad = await exchange('not-the-secret');
    await expect(bad.fetchBalance()).rejects.toBeInstanceOf(ccxt.AuthenticationError);
  });

  it('accepts the private stream auth op only with a valid signature', async () => {
    const attempt = async (secret: string) => {
      const socket = new WebSocket(`${emulator.wsUrl}/v5/private`);
      await new Promise((resolve) => socket.once('open', resolve));
      const expires = String(Date.now() + 10_000);
      const signature = createHmac('sha256', secret).update(`GET/realtime${expires}`).digest('hex');
      socket.send(JSON.stringify({ op: 'auth', args: [KEY, expires, signature] }));
      const reply = await new Promise<{ success: boolean }>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
      socket.close();
      return reply.success;
    };
    expect(await attempt(SECRET)).toBe(true);
    expect(await attempt('wrong')).toBe(false);
  });

  it('delays frames when asked, as a congested link would', async () => {
    const socket = new WebSocket(`${emulator.wsUrl}/v5/public/linear`);
    await new Promise((resolve) => socket.once('open', resolve));
    emulator.streams.setDelay(150);
    const sent = Date.now();
    socket.send(JSON.stringify({ req_id: 1, op: 'ping' }));
    await new Promise((resolve) => socket.once('message', resolve));
    expect(Date.now() - sent).toBeGreaterThanOrEqual(140);
    emulator.streams.setDelay(0);
    socket.close();
  });

  it('answers ping with pong and refuses unknown topics the way ccxt expects', async () => {
    const socket = new WebSocket(`${emulator.wsUrl}/v5/public/linear`);
    await new Promise((resolve) => socket.once('open', resolve));
    const next = () => new Promise<Record<string, unknown>>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))));
    socket.send(JSON.stringify({ req_id: 7, op: 'ping' }));
    expect(await next()).toMatchObject({ success: true, ret_msg: 'pong', req_id: '7', op: 'ping' });
    socket.send(JSON.stringify({ op: 'subscribe', req_id: 8, args: ['kline.1.NOPEUSDT'], callerMethodName: 'watchOHLCV' }));
    expect(await next()).toMatchObject({ success: false, req_id: '8', op: 'subscribe' });
    socket.close();
  });
});
