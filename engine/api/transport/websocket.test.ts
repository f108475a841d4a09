import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../http-server';
import { ApiServer } from '../api-server';
import { EventLog } from '../event-log';
import { CLOSE_CODES } from '../protocol';
import { WsTestClient } from '../../testing/ws-test-client';
import { attachWebSocketTransport, type WebSocketTransport } from './websocket';

describe('WebSocket transport authentication', () => {
  let transport: WebSocketTransport | null = null;
  const server = createServer();
  afterEach(async () => {
    await transport?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('closes a connection that never says hello, and reports failed tokens', async () => {
    const failures: string[] = [];
    const api = new ApiServer({ handlers: {}, events: new EventLog(), engineId: 'e' });
    transport = attachWebSocketTransport(server, {
      api,
      verifyToken: (t) => t === 'right',
      authTimeoutMs: 50,
      onAuthFailure: (remote) => failures.push(remote),
    });
    const address = await listen(server, '127.0.0.1', 0);
    const url = `ws://127.0.0.1:${address.port}/api`;

    const silent = await WsTestClient.open(url);
    expect(await silent.waitForClose()).toBe(CLOSE_CODES.authTimeout);
    expect(silent.received).toEqual([{ type: 'refused', reason: { type: 'AuthError', message: 'no hello within the time allowed' } }]);

    await expect(WsTestClient.connect(url, 'wrong')).rejects.toThrow('the engine refused this token');
    expect(failures).toEqual(['127.0.0.1']);
    expect(api.connectionCount).toBe(0);

    const good = await WsTestClient.connect(url, 'right');
    expect(api.connectionCount).toBe(1);
    await good.close();
  });
});
