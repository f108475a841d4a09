import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../engine/hosts/serve';
import { eventually } from '../../engine/testing/eventually';
import { tempDir } from '../../engine/testing/temp-dir';
import { createRelayedSocket } from '../../renderer/src/engine-client/relayed-socket';
import type { ServerMessage } from '../../renderer/src/engine-client/api-types';
import type { LinkStatus, Transport } from '../../renderer/src/engine-client/transport';
import { createWebSocketTransport } from '../../renderer/src/engine-client/websocket-transport';
import { FakeWindow } from '../../renderer/src/testing/fake-window';
import type { CertificateRefusedPayload } from '../shared/pairing';
import { createFilePinStore, pinKey } from './certificate-pins';
import { relayRemoteSocket } from './remote-socket-relay';

const TOKEN = 'window-token-0123456789abcdef';

describe('the window\'s transport to a remote engine, through main\'s relay, against a real `stratus serve` over TLS', () => {
  const dir = tempDir('stratus-relay-window-');
  let serve: RunningServe;
  const transports: Transport[] = [];

  /** The desktop app's path: window.stratus.openRemoteSocket → main relays → the preload posts the port. */
  const desktopFor = (window: FakeWindow, pins: { get(key: string): string | null }, refused: CertificateRefusedPayload[], opened: string[] = []) => ({
    openRemoteSocket(url: string, id: string) {
      opened.push(url);
      const channel = new MessageChannel();
      relayRemoteSocket(url, { post: (m) => channel.port1.postMessage(m), onMessage: (l) => channel.port1.on('message', l), onClose: (l) => channel.port1.on('close', l), close: () => channel.port1.close() }, { pins, onRefused: (p) => refused.push(p) });
      window.post({ type: 'stratus:remote-socket', id }, [channel.port2]);
    },
  });
  const start = (desktop: ReturnType<typeof desktopFor>, window: FakeWindow) => {
    const messages: ServerMessage[] = [];
    const statuses: LinkStatus[] = [];
    const transport = createWebSocketTransport({
      url: serve.apiUrl,
      token: TOKEN,
      backoff: { initialMs: 50, maxMs: 100 },
      createSocket: (url) => createRelayedSocket(url, desktop, window),
    });
    transports.push(transport);
    transport.start({ onMessage: (m) => messages.push(m), onStatus: (s) => statuses.push(s) });
    return { transport, messages, statuses };
  };

  beforeAll(async () => {
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: null, tls: true, certificateDir: dir.path });
  });
  afterEach(() => {
    for (const transport of transports.splice(0)) transport.close();
  });
  afterAll(async () => {
    await serve.close();
    dir.remove();
  });

  it('says hello through the relay, gets welcome and answers, and closes cleanly', async () => {
    const pins = createFilePinStore(join(dir.path, 'pins-1.json'));
    pins.set(pinKey(new URL(serve.apiUrl)), serve.fingerprint!);
    const window = new FakeWindow();
    const { transport, messages } = start(desktopFor(window, pins, []), window);
    await eventually(() => messages.some((m) => m.type === 'welcome'));
    transport.send({ type: 'call', id: 1, method: 'auth.whoami', params: {} });
    await eventually(() => messages.some((m) => m.type === 'result' && m.id === 1));
    expect(messages.find((m) => m.type === 'result')).toMatchObject({ result: { role: 'admin', transport: 'websocket' } });
    expect(serve.engine.api.connectionCount).toBe(1);
    transport.close();
    await eventually(() => serve.engine.api.connectionCount === 0);
    expect(window.listenerCount).toBe(0);
  });

  it('never says hello to an engine whose certificate is not the pin of that exact port; retries find the same', async () => {
    const url = new URL(serve.apiUrl);
    const pins = createFilePinStore(join(dir.path, 'pins-2.json'));
    // Its real certificate is pinned, but for another port of that host.
    pins.set(`${url.hostname}:${Number(url.port) + 1}`, serve.fingerprint!);
    pins.set(pinKey(url), serve.fingerprint!.replace(/^../, serve.fingerprint!.startsWith('00') ? '11' : '00'));
    const window = new FakeWindow();
    const refused: CertificateRefusedPayload[] = [];
    const opened: string[] = [];
    const { messages, statuses } = start(desktopFor(window, pins, refused, opened), window);
    await eventually(() => refused.length >= 2 && statuses.filter((s) => s.state === 'reconnecting').length >= 2);
    expect(refused[0]).toMatchObject({ host: url.hostname, actual: serve.fingerprint });
    expect(messages).toEqual([]);
    expect(opened.every((u) => u === serve.apiUrl)).toBe(true);
    expect(serve.engine.db.prepare('SELECT COUNT(*) FROM auth_lockout').pluck().get()).toBe(0);
  });
});

describe('relayed socket in the page', () => {
  it('takes only its own port, posted by its own window, and relays both ways once main says open', async () => {
    const window = new FakeWindow();
    const requests: string[] = [];
    const socket = createRelayedSocket('wss://engine.example:7420/api', { openRemoteSocket: (_url, id) => requests.push(id) }, window);
    expect(socket.readyState).toBe(0);
    expect(() => socket.send('x')).toThrow(/not open/);
    const [id] = requests;
    const frame = new MessageChannel();
    const other = new MessageChannel();
    const mine = new MessageChannel();
    const fromMain: unknown[] = [];
    mine.port2.on('message', (m) => fromMain.push(m));
    window.post({ type: 'stratus:remote-socket', id }, [frame.port2], { not: 'the window' });
    window.post({ type: 'stratus:remote-socket', id: 'someone-else' }, [other.port2]);
    window.post({ type: 'stratus:remote-socket', id }, [mine.port1]);
    expect(window.listenerCount).toBe(0);
    const seen: string[] = [];
    socket.onopen = () => seen.push('open');
    socket.onmessage = (event) => seen.push(`message ${String(event.data)}`);
    socket.onclose = (event) => seen.push(`close ${event.code}`);
    mine.port2.postMessage({ kind: 'message', data: 'too early' });
    mine.port2.postMessage({ kind: 'open' });
    mine.port2.postMessage({ kind: 'message', data: '{"type":"welcome"}' });
    await eventually(() => seen.length === 2);
    socket.send('hello');
    socket.close(1000, 'bye');
    await eventually(() => fromMain.length === 2);
    expect(fromMain).toEqual([{ kind: 'send', data: 'hello' }, { kind: 'close', code: 1000, reason: 'bye' }]);
    mine.port2.postMessage({ kind: 'close', code: 1000, reason: 'bye' });
    await eventually(() => seen.length === 3);
    expect(seen).toEqual(['open', 'message {"type":"welcome"}', 'close 1000']);
    expect(socket.readyState).toBe(3);
    for (const channel of [frame, other, mine]) channel.port2.close();
  });

  it('asks main to close a socket the page closed before its port arrived', async () => {
    const window = new FakeWindow();
    const requests: string[] = [];
    const socket = createRelayedSocket('wss://engine.example:7420/api', { openRemoteSocket: (_url, id) => requests.push(id) }, window);
    socket.close(1000, 'changed my mind');
    expect(socket.readyState).toBe(2);
    const channel = new MessageChannel();
    const fromPage: unknown[] = [];
    channel.port2.on('message', (m) => fromPage.push(m));
    window.post({ type: 'stratus:remote-socket', id: requests[0] }, [channel.port1]);
    await eventually(() => fromPage.length === 1);
    expect(fromPage).toEqual([{ kind: 'close', code: 1000, reason: 'closed before it opened' }]);
    channel.port2.close();
  });
});
