import { join } from 'node:path';
import { MessageChannel, type MessagePort as NodeMessagePort } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../engine/hosts/serve';
import { eventually } from '../../engine/testing/eventually';
import { tempDir } from '../../engine/testing/temp-dir';
import type { CertificateRefusedPayload } from '../shared/pairing';
import { RELAY_CLOSE, type RelayToMain, type RelayToPage } from '../shared/remote-socket';
import { createFilePinStore, pinKey } from './certificate-pins';
import { relayRemoteSocket, type RelayPort } from './remote-socket-relay';

const TOKEN = 'relay-token-0123456789abcdef';

/** Main's end of a Node MessageChannel, shaped as main wraps Electron's MessagePortMain. */
function relayPort(port: NodeMessagePort): RelayPort {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => port.on('message', listener),
    onClose: (listener) => port.on('close', listener),
    close: () => port.close(),
  };
}

/** The page's end: what it received, and a way to send. */
function pageEnd(port: NodeMessagePort): { received: RelayToPage[]; send: (message: RelayToMain) => void } {
  const received: RelayToPage[] = [];
  port.on('message', (message: RelayToPage) => received.push(message));
  return { received, send: (message) => port.postMessage(message) };
}

describe('WebSocket relay from main to a real `stratus serve` over TLS', () => {
  const dir = tempDir('stratus-relay-');
  let serve: RunningServe;
  let apiUrl: string;
  const channels: MessageChannel[] = [];
  const open = (url: unknown, pins: { get(key: string): string | null }, refused: CertificateRefusedPayload[] = []) => {
    const channel = new MessageChannel();
    channels.push(channel);
    relayRemoteSocket(url, relayPort(channel.port1), { pins, onRefused: (payload) => refused.push(payload) });
    return pageEnd(channel.port2);
  };

  beforeAll(async () => {
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: null, tls: true, certificateDir: dir.path });
    apiUrl = serve.apiUrl;
  });
  afterEach(() => {
    for (const channel of channels.splice(0)) channel.port2.close();
  });
  afterAll(async () => {
    await serve.close();
    dir.remove();
  });

  it('opens an engine whose certificate is the one pinned for its host:port and relays both ways', async () => {
    expect(apiUrl.startsWith('wss://')).toBe(true);
    const pins = createFilePinStore(join(dir.path, 'pins-1.json'));
    pins.set(pinKey(new URL(apiUrl)), serve.fingerprint!);
    const page = open(apiUrl, pins);
    await eventually(() => expect(page.received).toContainEqual({ kind: 'open' }));
    page.send({ kind: 'send', data: JSON.stringify({ type: 'hello', token: TOKEN, protocol: 1 }) });
    await eventually(() => expect(page.received.map((m) => (m.kind === 'message' ? JSON.parse(m.data).type : m.kind))).toContain('welcome'));
    page.send({ kind: 'send', data: JSON.stringify({ type: 'call', id: 7, method: 'auth.whoami', params: {} }) });
    await eventually(() => expect(page.received.some((m) => m.kind === 'message' && JSON.parse(m.data).id === 7)).toBe(true));
    const answer = page.received.find((m) => m.kind === 'message' && JSON.parse(m.data).id === 7);
    expect(answer?.kind === 'message' && JSON.parse(answer.data)).toMatchObject({ type: 'result', result: { role: 'admin', name: 'serve token' } });
    // The page closes: the engine sees the socket go.
    page.send({ kind: 'close', code: 1000, reason: 'closed by the user' });
    await eventually(() => expect(page.received.at(-1)).toMatchObject({ kind: 'close', code: 1000 }));
    await eventually(() => expect(serve.engine.api.connectionCount).toBe(0));
  });

  it('refuses an engine whose certificate is not the pin of that exact port, before anything is sent', async () => {
    const url = new URL(apiUrl);
    const otherPin = serve.fingerprint!.replace(/^../, serve.fingerprint!.startsWith('00') ? '11' : '00');
    const pins = createFilePinStore(join(dir.path, 'pins-2.json'));
    // The engine's own certificate is pinned for another port of the same host, which the verify proc could not tell apart.
    pins.set(`${url.hostname}:${Number(url.port) + 1}`, serve.fingerprint!);
    pins.set(pinKey(url), otherPin);
    const refused: CertificateRefusedPayload[] = [];
    const page = open(apiUrl, pins, refused);
    await eventually(() => expect(page.received.at(-1)).toMatchObject({ kind: 'close', code: RELAY_CLOSE.certificateRefused }));
    expect(page.received.some((m) => m.kind === 'open')).toBe(false);
    expect(refused).toEqual([{ host: url.hostname, expected: [otherPin], actual: serve.fingerprint }]);
    // The page's hello has nowhere to go: no session was opened and nothing was counted against the address.
    page.send({ kind: 'send', data: JSON.stringify({ type: 'hello', token: TOKEN, protocol: 1 }) });
    expect(serve.engine.api.connectionCount).toBe(0);
    expect(serve.engine.db.prepare('SELECT COUNT(*) FROM auth_lockout').pluck().get()).toBe(0);
  });

  it('gives an engine never paired Node\'s ordinary verification (a self-signed one fails), and opens only wss:// URLs', async () => {
    const page = open(apiUrl, { get: () => null });
    await eventually(() => expect(page.received.at(-1)).toMatchObject({ kind: 'close', code: RELAY_CLOSE.unreachable }));
    expect(page.received.some((m) => m.kind === 'open')).toBe(false);
    for (const bad of ['ws://127.0.0.1:1/api', 'https://example.com/', 'not a url', 42]) {
      const refusedPage = open(bad, { get: () => null });
      await eventually(() => expect(refusedPage.received).toEqual([{ kind: 'close', code: RELAY_CLOSE.badUrl, reason: expect.stringContaining('wss://') }]));
    }
  });

  it('ignores malformed messages from the page and ends the engine socket when the page goes away', async () => {
    const pins = createFilePinStore(join(dir.path, 'pins-3.json'));
    pins.set(pinKey(new URL(apiUrl)), serve.fingerprint!);
    const channel = new MessageChannel();
    relayRemoteSocket(apiUrl, relayPort(channel.port1), { pins, onRefused: () => {} });
    const page = pageEnd(channel.port2);
    await eventually(() => expect(page.received).toContainEqual({ kind: 'open' }));
    channel.port2.postMessage({ kind: 'send', data: 42 });
    channel.port2.postMessage('hello');
    channel.port2.postMessage({ kind: 'send', data: JSON.stringify({ type: 'hello', token: TOKEN, protocol: 1 }) });
    await eventually(() => expect(serve.engine.api.connectionCount).toBe(1));
    channel.port2.close();
    await eventually(() => expect(serve.engine.api.connectionCount).toBe(0));
  });
});
