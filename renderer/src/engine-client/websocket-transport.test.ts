// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from './api-types';
import type { LinkStatus } from './transport';
import { createWebSocketTransport, type WebSocketLike } from './websocket-transport';
import { backoffDelay } from './backoff';

class FakeSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  closedWith: number | null = null;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    this.sent.push(data);
  }

  close(code = 1000): void {
    this.closedWith = code;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  receive(message: ServerMessage): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }));
  }

  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code }));
  }
}

function setup() {
  const sockets: FakeSocket[] = [];
  const statuses: LinkStatus[] = [];
  const messages: ServerMessage[] = [];
  const transport = createWebSocketTransport({
    url: 'ws://127.0.0.1:7420/api',
    token: 's3cret',
    random: () => 0.5,
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
  });
  transport.start({ onMessage: (m) => messages.push(m), onStatus: (s) => statuses.push(s) });
  const latest = (): FakeSocket => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no socket');
    return socket;
  };
  return { transport, sockets, statuses, messages, latest };
}

describe('WebSocket transport', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('says hello with the token before anything else, then passes the welcome on', () => {
    const { latest, messages, statuses, transport } = setup();
    expect(statuses).toEqual([{ state: 'connecting' }]);
    latest().open();
    expect(latest().sent.map((s) => JSON.parse(s))).toEqual([{ type: 'hello', token: 's3cret', protocol: 1 }]);
    latest().receive({ type: 'welcome', protocol: 1, engineId: 'e1' });
    expect(messages).toEqual([{ type: 'welcome', protocol: 1, engineId: 'e1' }]);
    transport.send({ type: 'call', id: 1, method: 'system.ping', params: {} });
    expect(JSON.parse(latest().sent[1] ?? '')).toEqual({ type: 'call', id: 1, method: 'system.ping', params: {} });
  });

  it('reports a refused token and never retries', () => {
    const { latest, sockets, statuses, messages } = setup();
    latest().open();
    latest().receive({ type: 'refused', reason: { type: 'AuthError', message: 'the engine refused this token' } });
    latest().serverClose(4401);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(messages).toEqual([]);
    expect(statuses.at(-1)).toEqual({ state: 'refused', reason: { type: 'AuthError', message: 'the engine refused this token' } });
  });

  it('treats close code 4401 as a refusal even if the reason never arrived', () => {
    const { latest, statuses } = setup();
    latest().open();
    latest().serverClose(4401);
    expect(statuses.at(-1)).toMatchObject({ state: 'refused', reason: { type: 'AuthError' } });
  });

  it('reconnects with growing delays after the link drops, and resets them once welcomed', () => {
    const { latest, sockets, statuses } = setup();
    latest().serverClose(1006);
    expect(statuses.at(-1)).toEqual({ state: 'reconnecting', attempt: 1, delayMs: backoffDelay(1, undefined, () => 0.5) });
    vi.advanceTimersByTime(backoffDelay(1, undefined, () => 0.5));
    expect(sockets).toHaveLength(2);
    latest().serverClose(1006);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 2 });
    vi.advanceTimersByTime(backoffDelay(2, undefined, () => 0.5));
    expect(sockets).toHaveLength(3);

    latest().open();
    expect(JSON.parse(latest().sent[0] ?? '')).toMatchObject({ type: 'hello', token: 's3cret' });
    latest().receive({ type: 'welcome', protocol: 1, engineId: 'e1' });
    latest().serverClose(4503);
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting', attempt: 1 });
  });

  it('stops for good when closed, even while waiting to reconnect', () => {
    const { latest, sockets, statuses, transport } = setup();
    latest().serverClose(1006);
    transport.close();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(statuses.at(-1)).toEqual({ state: 'closed', reason: null });
    expect(() => transport.send({ type: 'unsubscribe', streams: [] })).toThrow(/not open/);
  });

  it('closes its socket when closed while connected', () => {
    const { latest, transport } = setup();
    latest().open();
    transport.close();
    expect(latest().closedWith).toBe(1000);
  });
});

describe('backoffDelay', () => {
  it('doubles up to the cap and jitters within the upper half', () => {
    const config = { initialMs: 500, maxMs: 15_000 };
    expect(backoffDelay(1, config, () => 0)).toBe(250);
    expect(backoffDelay(1, config, () => 1)).toBe(500);
    expect(backoffDelay(3, config, () => 1)).toBe(2_000);
    expect(backoffDelay(20, config, () => 1)).toBe(15_000);
    expect(backoffDelay(20, config, () => 0)).toBe(7_500);
  });
});
