import { MessageChannel, type MessagePort as NodeMessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientMessage, ServerMessage } from './api-types';
import { FakeWindow } from '../testing/fake-window';
import { createMessagePortTransport } from './message-port-transport';
import type { LinkStatus } from './transport';

const eventually = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error('condition not met in time');
};

describe('MessagePort transport', () => {
  const opened: NodeMessagePort[] = [];
  afterEach(() => {
    for (const port of opened) port.close();
    opened.length = 0;
  });

  function setup() {
    const win = new FakeWindow();
    let requests = 0;
    const statuses: LinkStatus[] = [];
    const messages: ServerMessage[] = [];
    const transport = createMessagePortTransport({ desktop: { requestEnginePort: () => requests++ }, target: win, backoff: { initialMs: 10, maxMs: 10 } });
    transport.start({ onMessage: (m) => messages.push(m), onStatus: (s) => statuses.push(s) });
    /** Main hands the window a port; the returned end plays the engine. */
    const handPort = (source?: unknown): NodeMessagePort => {
      const { port1, port2 } = new MessageChannel();
      opened.push(port1, port2);
      win.post({ type: 'stratus:engine-port' }, [port2], source ?? win);
      return port1;
    };
    return { win, transport, statuses, messages, handPort, requests: () => requests };
  }

  it('asks for a port, and talks over it without a hello', async () => {
    const { transport, statuses, messages, handPort, requests } = setup();
    expect(requests()).toBe(1);
    expect(statuses).toEqual([{ state: 'connecting' }]);
    const engine = handPort();
    const received: ClientMessage[] = [];
    engine.on('message', (m: ClientMessage) => received.push(m));
    engine.postMessage({ type: 'welcome', protocol: 1, engineId: 'desk' } satisfies ServerMessage);
    await eventually(() => messages.length === 1);
    expect(messages).toEqual([{ type: 'welcome', protocol: 1, engineId: 'desk' }]);

    transport.send({ type: 'call', id: 1, method: 'system.ping', params: {} });
    await eventually(() => received.length === 1);
    expect(received).toEqual([{ type: 'call', id: 1, method: 'system.ping', params: {} }]);
  });

  it('ignores ports posted by anything but its own window', async () => {
    const { messages, handPort } = setup();
    const stranger = handPort({ name: 'some frame' });
    stranger.postMessage({ type: 'welcome', protocol: 1, engineId: 'evil' } satisfies ServerMessage);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(messages).toEqual([]);
  });

  it('replaces its port when main hands it a new one', async () => {
    const { transport, statuses, messages, handPort } = setup();
    const first = handPort();
    first.postMessage({ type: 'welcome', protocol: 1, engineId: 'a' } satisfies ServerMessage);
    await eventually(() => messages.length === 1);
    const second = handPort();
    expect(statuses.at(-1)).toMatchObject({ state: 'reconnecting' });
    const received: ClientMessage[] = [];
    second.on('message', (m: ClientMessage) => received.push(m));
    second.postMessage({ type: 'welcome', protocol: 1, engineId: 'b' } satisfies ServerMessage);
    await eventually(() => messages.length === 2);
    transport.send({ type: 'unsubscribe', streams: ['data.candle'] });
    await eventually(() => received.length === 1);
  });

  it('asks main for a new port when the engine end closes', async () => {
    const { statuses, messages, handPort, requests } = setup();
    const engine = handPort();
    engine.postMessage({ type: 'welcome', protocol: 1, engineId: 'a' } satisfies ServerMessage);
    await eventually(() => messages.length === 1);
    engine.close();
    await eventually(() => statuses.at(-1)?.state === 'reconnecting');
    await eventually(() => requests() === 2);
  });

  it('reports an engine that cannot start', () => {
    const { win, statuses } = setup();
    win.post({ type: 'stratus:engine-failed', message: 'database is locked' }, []);
    expect(statuses.at(-1)).toEqual({ state: 'closed', reason: { type: 'EngineFailed', message: 'database is locked' } });
  });

  it('stops listening when closed', () => {
    const { win, transport, statuses } = setup();
    transport.close();
    expect(win.listenerCount).toBe(0);
    expect(statuses.at(-1)).toEqual({ state: 'closed', reason: null });
  });
});
