import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const fakes = vi.hoisted(() => {
  type Listener = (event: { ports: unknown[] }, ...args: unknown[]) => void;
  const exposed = new Map<string, unknown>();
  const rendererListeners = new Map<string, Listener>();
  const sent: { channel: string; args: unknown[] }[] = [];
  const invoked: { channel: string; args: unknown[] }[] = [];
  const ipcRenderer = {
    on: (channel: string, listener: Listener) => rendererListeners.set(channel, listener),
    send: (channel: string, ...args: unknown[]) => sent.push({ channel, args }),
    invoke: (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      if (channel === 'remote:pair-device') return Promise.resolve({ ok: false, kind: 'bad-code', message: 'wrong code' });
      return Promise.resolve(channel === 'app:info' ? { version: '0.1.0', platform: 'linux' } : true);
    },
  };
  const contextBridge = { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) };
  return { exposed, rendererListeners, sent, invoked, ipcRenderer, contextBridge };
});

vi.mock('electron', () => ({ contextBridge: fakes.contextBridge, ipcRenderer: fakes.ipcRenderer }));

const posted: { message: unknown; targetOrigin: string; transfer: unknown[] | undefined }[] = [];
const fakeWindow = {
  location: { origin: 'null' },
  postMessage: (message: unknown, targetOrigin: string, transfer?: unknown[]) => posted.push({ message, targetOrigin, transfer }),
};

beforeAll(async () => {
  vi.stubGlobal('window', fakeWindow);
  await import('./index');
});

beforeEach(() => {
  posted.length = 0;
  fakes.sent.length = 0;
  fakes.invoked.length = 0;
});

function api(): Record<string, unknown> {
  const exposed = fakes.exposed.get('stratus');
  if (typeof exposed !== 'object' || exposed === null) throw new Error('window.stratus was not exposed');
  return exposed as Record<string, unknown>;
}

function call(name: string, ...args: unknown[]): unknown {
  const fn = api()[name];
  if (typeof fn !== 'function') throw new Error(`${name} is not a function`);
  return fn(...args);
}

function rendererListener(channel: string) {
  const listener = fakes.rendererListeners.get(channel);
  if (!listener) throw new Error(`the preload does not listen on ${channel}`);
  return listener;
}

describe('preload', () => {
  it('exposes exactly the named functions as window.stratus, never ipcRenderer', () => {
    expect([...fakes.exposed.keys()]).toEqual(['stratus']);
    expect(Object.keys(api()).sort()).toEqual(['appInfo', 'openExternal', 'openRemoteSocket', 'pairDevice', 'requestEnginePort']);
    for (const value of Object.values(api())) {
      expect(value).toBeTypeOf('function');
      expect(value).not.toBe(fakes.ipcRenderer);
    }
    expect(Object.values(api())).not.toContain(fakes.ipcRenderer.send);
    expect(Object.values(api())).not.toContain(fakes.ipcRenderer.invoke);
  });

  it('asks main for an engine port', () => {
    expect(call('requestEnginePort')).toBeUndefined();
    expect(fakes.sent).toEqual([{ channel: 'engine:request-port', args: [] }]);
  });

  it('forwards the engine port to the page with window.postMessage, transferring it', () => {
    const port = { name: 'port2' };
    fakeWindow.location.origin = 'null';
    rendererListener('engine:port')({ ports: [port] });
    // A file:// page has the opaque origin 'null', which postMessage cannot target.
    expect(posted).toEqual([{ message: { type: 'stratus:engine-port' }, targetOrigin: '*', transfer: [port] }]);

    fakeWindow.location.origin = 'http://localhost:5173';
    rendererListener('engine:port')({ ports: [port] });
    expect(posted[1]).toEqual({ message: { type: 'stratus:engine-port' }, targetOrigin: 'http://localhost:5173', transfer: [port] });
  });

  it('asks main for a remote engine socket with plain strings and hands its relay port to the page', () => {
    expect(call('openRemoteSocket', 'wss://engine.example:7420/api', 'r1')).toBeUndefined();
    call('openRemoteSocket', { toString: () => 'wss://x/api' }, 7);
    expect(fakes.sent).toEqual([
      { channel: 'remote:open-socket', args: ['wss://engine.example:7420/api', 'r1'] },
      { channel: 'remote:open-socket', args: ['wss://x/api', '7'] },
    ]);
    const port = { name: 'relay' };
    fakeWindow.location.origin = 'null';
    rendererListener('remote:socket')({ ports: [port] }, { id: 'r1' });
    rendererListener('remote:socket')({ ports: [] }, { id: 'r2' });
    rendererListener('remote:socket')({ ports: [port] }, { id: 3 });
    expect(posted).toEqual([{ message: { type: 'stratus:remote-socket', id: 'r1' }, targetOrigin: '*', transfer: [port] }]);
  });

  it('forwards nothing when the message carries no port', () => {
    rendererListener('engine:port')({ ports: [] });
    expect(posted).toEqual([]);
  });

  it('tells the page when the engine cannot run', () => {
    fakeWindow.location.origin = 'http://localhost:5173';
    rendererListener('engine:failed')({ ports: [] }, { message: 'database is locked' });
    expect(posted).toEqual([
      { message: { type: 'stratus:engine-failed', message: 'database is locked' }, targetOrigin: 'http://localhost:5173', transfer: undefined },
    ]);
  });

  it('passes openExternal and appInfo through their invoke channels', async () => {
    await expect(call('openExternal', 'https://stratus.dev/docs')).resolves.toBe(true);
    await expect(call('appInfo')).resolves.toEqual({ version: '0.1.0', platform: 'linux' });
    expect(fakes.invoked).toEqual([
      { channel: 'shell:open-external', args: ['https://stratus.dev/docs'] },
      { channel: 'app:info', args: [] },
    ]);
  });

  it('sends only the four fields of a pairing request to main, as plain strings', async () => {
    const request = { origin: 'https://engine.example:7420', code: 'ABCD-EFGH', deviceName: 'laptop', fingerprint: 'AB:CD', extra: { evil: true } };
    await expect(call('pairDevice', request)).resolves.toEqual({ ok: false, kind: 'bad-code', message: 'wrong code' });
    await call('pairDevice', { origin: 'http://127.0.0.1:7420', code: 'X', deviceName: 'y', fingerprint: 7 });
    expect(fakes.invoked).toEqual([
      { channel: 'remote:pair-device', args: [{ origin: 'https://engine.example:7420', code: 'ABCD-EFGH', deviceName: 'laptop', fingerprint: 'AB:CD' }] },
      { channel: 'remote:pair-device', args: [{ origin: 'http://127.0.0.1:7420', code: 'X', deviceName: 'y', fingerprint: null }] },
    ]);
  });

  it('tells the page, with a clear message, when main refused a changed certificate of a pinned engine', () => {
    fakeWindow.location.origin = 'null';
    rendererListener('remote:certificate-refused')({ ports: [] }, { host: 'engine.example', expected: ['AA:BB'], actual: 'CC:DD' });
    expect(posted).toHaveLength(1);
    expect(posted[0]?.message).toMatchObject({ type: 'stratus:certificate-refused', host: 'engine.example' });
    expect(JSON.stringify(posted[0]?.message)).toMatch(/different certificate \(SHA-256 CC:DD\)/);
    rendererListener('remote:certificate-refused')({ ports: [] }, { host: 5 });
    expect(posted).toHaveLength(1);
  });
});
