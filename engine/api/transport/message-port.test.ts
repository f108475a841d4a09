import { MessageChannel } from 'node:worker_threads';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../kernel/create-engine';
import { eventually } from '../../testing/eventually';
import { generateCandles } from '../../testing/candles';
import { tempDir } from '../../testing/temp-dir';
import { METHOD_ROLES } from '../auth/method-roles';
import type { ServerMessage } from '../protocol';
import { endpointFromNodePort, serveOverMessagePort } from './message-port';

describe('MessagePort transport', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  beforeEach(async () => {
    dir = tempDir();
    engine = createEngine({ databasePath: join(dir.path, 'stratus.db'), host: 'desktop' });
    await engine.kernel.start();
  });
  afterEach(async () => {
    await engine.kernel.stop();
    dir.remove();
  });

  it('round-trips typed calls and streams events by structured clone', async () => {
    const { port1, port2 } = new MessageChannel();
    serveOverMessagePort(engine.api, endpointFromNodePort(port1));
    const received: ServerMessage[] = [];
    port2.on('message', (message: ServerMessage) => received.push(message));

    await eventually(() => received.some((m) => m.type === 'welcome'));
    port2.postMessage({ type: 'subscribe', streams: { 'data.candle': null } });
    const candles = generateCandles(2);
    port2.postMessage({ type: 'call', id: 1, method: 'data.appendCandles', params: { venue: 'sim', symbol: 'BTC/USDT', timeframe: '1m', candles } });
    port2.postMessage({ type: 'call', id: 2, method: 'data.candles', params: { venue: 'sim', symbol: 'BTC/USDT', timeframe: '1m' } });
    port2.postMessage({ type: 'call', id: 3, method: 'data.candles', params: { venue: 'sim', symbol: 'BTC/USDT', timeframe: '7m' } });

    await eventually(() => received.filter((m) => m.type === 'result' || m.type === 'error').length === 3);
    expect(received.find((m) => m.type === 'result' && m.id === 1)).toEqual({ type: 'result', id: 1, result: { written: 2 } });
    const columns = received.find((m) => m.type === 'result' && m.id === 2);
    expect(columns?.type === 'result' && (columns.result as { close: number[] }).close).toEqual(candles.map((c) => c.close));
    const rejected = received.find((m) => m.type === 'error');
    expect(rejected?.type === 'error' && rejected.error.type).toBe('ValidationError');
    expect(received.filter((m) => m.type === 'event').map((m) => m.type === 'event' && m.seq)).toEqual([1, 2]);
    port2.close();
    await eventually(() => engine.api.connectionCount === 0);
  });

  it('is the desktop window: admin, actor local, and its privileged calls are audited', async () => {
    const { port1, port2 } = new MessageChannel();
    serveOverMessagePort(engine.api, endpointFromNodePort(port1));
    const received: ServerMessage[] = [];
    port2.on('message', (message: ServerMessage) => received.push(message));
    port2.postMessage({ type: 'call', id: 1, method: 'auth.whoami', params: {} });
    port2.postMessage({ type: 'call', id: 2, method: 'risk.kill', params: { reason: 'desk test' } });
    await eventually(() => received.filter((m) => m.type === 'result' || m.type === 'error').length === 2);
    expect(received.find((m) => m.type === 'result' && m.id === 1)).toEqual({
      type: 'result',
      id: 1,
      result: { deviceId: null, name: 'this computer', role: 'admin', transport: 'message-port', allowed: Object.keys(METHOD_ROLES) },
    });
    expect(received.find((m) => m.type === 'result' && m.id === 2)).toBeDefined();
    expect(engine.auth.audit({ limit: 10 })).toMatchObject([{ actor: 'local', role: 'admin', method: 'risk.kill', outcome: 'ok', detail: 'reason=desk test' }]);
    port2.close();
  });
});
