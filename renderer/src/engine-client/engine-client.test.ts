import { describe, expect, it, vi } from 'vitest';
import type { CandleEvent, SystemInfo } from './api-types';
import { EngineClient } from './engine-client';
import { EngineCallError } from './engine-call-error';
import { FakeTransport } from '../testing/fake-transport';

function candleEvent(openTime: number, close: number): CandleEvent {
  return {
    venue: 'sim',
    symbol: 'BTC/USDT',
    timeframe: '1m',
    candle: { openTime, open: close, high: close, low: close, close, volume: 1 },
    receivedAt: openTime,
    closed: true,
  };
}

function connected(): { transport: FakeTransport; client: EngineClient } {
  const transport = new FakeTransport();
  const client = new EngineClient(transport);
  client.start();
  transport.welcome();
  return { transport, client };
}

describe('EngineClient', () => {
  it('is connecting until the engine welcomes it, then open with the engine id', () => {
    const transport = new FakeTransport();
    const client = new EngineClient(transport);
    const states: string[] = [];
    client.onStateChange((s) => states.push(s.status));
    client.start();
    expect(client.getState().status).toBe('connecting');
    transport.welcome('engine-7');
    expect(client.getState()).toMatchObject({ status: 'open', engineId: 'engine-7', reason: null });
    expect(states).toEqual(['connecting', 'open']);
  });

  it('round-trips a typed call and resolves with its result', async () => {
    const { transport, client } = connected();
    const info = client.call('system.info', {});
    const call = transport.lastCall();
    expect(call).toMatchObject({ type: 'call', method: 'system.info', params: {} });
    const result: SystemInfo = { engineId: 'e', version: '0.1.0', startedAt: 1, host: 'serve', databasePath: '/tmp/s.db' };
    transport.deliver({ type: 'result', id: call.id, result });
    const resolved: SystemInfo = await info;
    expect(resolved).toEqual(result);
  });

  it('rejects with an Error carrying the rejection type', async () => {
    const { transport, client } = connected();
    const candles = client.call('data.candles', { venue: 'sim', symbol: 'X', timeframe: '1m' });
    transport.deliver({ type: 'error', id: transport.lastCall().id, error: { type: 'ValidationError', message: 'bad timeframe' } });
    const error: unknown = await candles.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineCallError);
    expect(error).toMatchObject({ type: 'ValidationError', message: 'bad timeframe', method: 'data.candles' });
  });

  it('matches answers to calls by id, whatever their order', async () => {
    const { transport, client } = connected();
    const first = client.call('system.ping', {});
    const second = client.call('system.ping', {});
    const [a, b] = transport.sentOf('call');
    transport.deliver({ type: 'result', id: b!.id, result: { now: 2 } });
    transport.deliver({ type: 'result', id: a!.id, result: { now: 1 } });
    expect(await first).toEqual({ now: 1 });
    expect(await second).toEqual({ now: 2 });
  });

  it('rejects calls in flight when the link drops, saying they may have run', async () => {
    const { transport, client } = connected();
    const pending = client.call('data.appendCandles', { venue: 'sim', symbol: 'X', timeframe: '1m', candles: [candleEvent(0, 1).candle] });
    transport.drop();
    const error: unknown = await pending.catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'Disconnected', method: 'data.appendCandles' });
    expect((error as Error).message).toMatch(/dropped before it answered data\.appendCandles/);
    // A late answer for the dropped call is ignored.
    transport.deliver({ type: 'result', id: 1, result: { written: 1 } });
    expect(client.getState()).toMatchObject({ status: 'reconnecting', retry: { attempt: 1, delayMs: 500 } });
  });

  it('rejects a call made while not connected without sending it', async () => {
    const transport = new FakeTransport();
    const client = new EngineClient(transport);
    client.start();
    await expect(client.call('system.ping', {})).rejects.toMatchObject({ type: 'Disconnected' });
    expect(transport.sentOf('call')).toHaveLength(0);
  });

  it('subscribes on the first listener only, and unsubscribes when the last one leaves', () => {
    const { transport, client } = connected();
    const stopA = client.on('data.candle', () => {});
    const stopB = client.on('data.candle', () => {});
    expect(transport.sentOf('subscribe')).toEqual([{ type: 'subscribe', streams: { 'data.candle': null } }]);
    stopA();
    expect(transport.sentOf('unsubscribe')).toHaveLength(0);
    stopB();
    expect(transport.sentOf('unsubscribe')).toEqual([{ type: 'unsubscribe', streams: ['data.candle'] }]);
  });

  it('subscribes listeners added before the welcome once it arrives', () => {
    const transport = new FakeTransport();
    const client = new EngineClient(transport);
    client.start();
    client.on('data.candle', () => {});
    client.on('system.status', () => {});
    expect(transport.sent).toHaveLength(0);
    transport.welcome();
    expect(transport.sentOf('subscribe')).toEqual([{ type: 'subscribe', streams: { 'data.candle': null, 'system.status': null } }]);
  });

  it('delivers typed payloads with their sequence numbers and drops repeats', () => {
    const { transport, client } = connected();
    const seen: [number, number][] = [];
    client.on('data.candle', (event, seq) => seen.push([seq, event.candle.close]));
    transport.deliver({ type: 'subscribed', streams: { 'data.candle': 4 } });
    transport.deliver({ type: 'event', stream: 'data.candle', seq: 5, payload: candleEvent(0, 10) });
    transport.deliver({ type: 'event', stream: 'data.candle', seq: 6, payload: candleEvent(60_000, 11) });
    transport.deliver({ type: 'event', stream: 'data.candle', seq: 6, payload: candleEvent(60_000, 11) });
    transport.deliver({ type: 'event', stream: 'data.candle', seq: 4, payload: candleEvent(0, 9) });
    expect(seen).toEqual([
      [5, 10],
      [6, 11],
    ]);
    expect(client.lastEventAt).not.toBeNull();
  });

  it('resubscribes after a reconnect with the last sequence seen on each stream', () => {
    const { transport, client } = connected();
    const closes: number[] = [];
    client.on('data.candle', (event) => closes.push(event.candle.close));
    client.on('system.status', () => {});
    transport.deliver({ type: 'subscribed', streams: { 'data.candle': 10, 'system.status': 3 } });
    transport.deliver({ type: 'event', stream: 'data.candle', seq: 11, payload: candleEvent(0, 1) });
    transport.deliver({ type: 'event', stream: 'data.candle', seq: 12, payload: candleEvent(60_000, 2) });

    transport.drop();
    transport.sent.length = 0;
    transport.welcome('engine-1');

    // system.status saw no event: it resumes from where the engine said it stood.
    expect(transport.sentOf('subscribe')).toEqual([{ type: 'subscribe', streams: { 'data.candle': 12, 'system.status': 3 } }]);
    // The engine replays what was missed; the client passes it on in order.
    transport.deliver({ type: 'subscribed', streams: { 'data.candle': 14, 'system.status': 3 } });
    transport.deliver({ type: 'event', stream: 'data.candle', seq: 13, payload: candleEvent(120_000, 3) });
    transport.deliver({ type: 'event', stream: 'data.candle', seq: 14, payload: candleEvent(180_000, 4) });
    expect(closes).toEqual([1, 2, 3, 4]);
    expect(client.getState().status).toBe('open');
  });

  it('forgets a stream position once nobody listens, so a new listener starts from now', () => {
    const { transport, client } = connected();
    const stop = client.on('data.candle', () => {});
    transport.deliver({ type: 'subscribed', streams: { 'data.candle': 10 } });
    stop();
    client.on('data.candle', () => {});
    expect(transport.sentOf('subscribe').at(-1)).toEqual({ type: 'subscribe', streams: { 'data.candle': null } });
  });

  it('reports a gap to gap listeners and resumes counting from where the engine resumed', () => {
    const { transport, client } = connected();
    const seqs: number[] = [];
    const gaps: string[] = [];
    client.on('data.candle', (_event, seq) => seqs.push(seq));
    client.onGap('data.candle', (reason) => gaps.push(reason));
    transport.deliver({ type: 'subscribed', streams: { 'data.candle': 5 } });
    transport.drop();
    transport.welcome('engine-1');
    transport.deliver({ type: 'gap', stream: 'data.candle', after: 5, resumedAt: 40_000 });
    transport.deliver({ type: 'event', stream: 'data.candle', seq: 40_001, payload: candleEvent(0, 1) });
    expect(gaps).toEqual(['events-lost']);
    expect(seqs).toEqual([40_001]);
  });

  it('starts streams afresh and reports a gap when a different engine answers after a reconnect', () => {
    const { transport, client } = connected();
    const gaps: string[] = [];
    client.on('data.candle', () => {});
    client.onGap('data.candle', (reason) => gaps.push(reason));
    transport.deliver({ type: 'subscribed', streams: { 'data.candle': 500 } });
    transport.drop();
    transport.sent.length = 0;
    transport.welcome('engine-2');
    // The new engine's sequence numbers start over: asking from 500 would be meaningless.
    expect(transport.sentOf('subscribe')).toEqual([{ type: 'subscribe', streams: { 'data.candle': null } }]);
    expect(gaps).toEqual(['engine-restarted']);
    expect(client.getState().engineId).toBe('engine-2');
  });

  it('keeps delivering to other listeners when one throws', () => {
    const { transport, client } = connected();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const seen: number[] = [];
    client.on('data.candle', () => {
      throw new Error('broken panel');
    });
    client.on('data.candle', (_e, seq) => seen.push(seq));
    transport.deliver({ type: 'event', stream: 'data.candle', seq: 1, payload: candleEvent(0, 1) });
    expect(seen).toEqual([1]);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });

  it('is refused with the engine’s reason and rejects calls in flight', async () => {
    const { transport, client } = connected();
    const pending = client.call('system.ping', {});
    transport.status({ state: 'refused', reason: { type: 'AuthError', message: 'the engine refused this token' } });
    await expect(pending).rejects.toMatchObject({ type: 'Disconnected' });
    expect(client.getState()).toMatchObject({ status: 'refused', reason: { type: 'AuthError' } });
  });

  it('closes through its transport', () => {
    const { transport, client } = connected();
    client.close();
    expect(transport.closed).toBe(true);
    expect(client.getState().status).toBe('closed');
  });
});
