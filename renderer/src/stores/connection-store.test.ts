import { describe, expect, it } from 'vitest';
import type { EngineTarget } from '../engine-client/engine-target';
import { FakeTransport } from '../testing/fake-transport';
import { MemoryStorage } from '../testing/memory-storage';
import { CONNECTION_STORAGE_KEY, loadSavedConnection } from './connection-storage';
import type { PairRequest } from '../../../electron/shared/pairing';
import { connectionProblem } from '../app/connection-problem';
import { createConnectionStore } from './connection-store';

function setup(storage = new MemoryStorage()) {
  const transports: { target: EngineTarget; token: string; transport: FakeTransport }[] = [];
  const store = createConnectionStore({
    storage,
    localAvailable: false,
    createTransport: (target, token) => {
      const transport = new FakeTransport();
      transports.push({ target, token, transport });
      return transport;
    },
  });
  const latest = (): FakeTransport => {
    const entry = transports.at(-1);
    if (!entry) throw new Error('no transport');
    return entry.transport;
  };
  return { store, storage, transports, latest };
}

const remote: EngineTarget = { kind: 'remote', url: 'ws://127.0.0.1:7420/api' };

describe('connection store', () => {
  it('remembers the token only when asked to', () => {
    const { store, storage } = setup();
    store.getState().connect(remote, { token: 'abc', remember: false });
    expect(loadSavedConnection(storage)).toEqual({ target: remote, token: null });
    store.getState().connect(remote, { token: 'abc', remember: true });
    expect(JSON.parse(storage.getItem(CONNECTION_STORAGE_KEY) ?? '')).toEqual({ target: remote, token: 'abc' });
  });

  it('follows the client: open after the welcome, then fetches the engine info', async () => {
    const { store, latest } = setup();
    store.getState().connect(remote, { token: 'abc', remember: false });
    expect(store.getState().connection?.status).toBe('connecting');
    latest().welcome('e1');
    expect(store.getState()).toMatchObject({ hasOpened: true, connection: { status: 'open', engineId: 'e1' } });
    const call = latest().lastCall();
    expect(call.method).toBe('system.info');
    const info = { engineId: 'e1', version: '0.1.0', startedAt: 0, host: 'serve', databasePath: '/data/stratus.db' } as const;
    latest().deliver({ type: 'result', id: call.id, result: info });
    await Promise.resolve();
    expect(store.getState().info).toEqual(info);
  });

  it('forgets a remembered token the engine refused', () => {
    const storage = new MemoryStorage();
    storage.setItem(CONNECTION_STORAGE_KEY, JSON.stringify({ target: remote, token: 'old' }));
    const { store, latest } = setup(storage);
    expect(store.getState().saved).toEqual({ target: remote, token: 'old' });
    store.getState().connect(remote, { token: 'old', remember: true });
    latest().status({ state: 'refused', reason: { type: 'AuthError', message: 'the engine refused this token' } });
    expect(store.getState().connection).toMatchObject({ status: 'refused' });
    expect(loadSavedConnection(storage)).toEqual({ target: remote, token: null });
  });

  it('closes the old client when connecting elsewhere or disconnecting', () => {
    const { store, transports } = setup();
    store.getState().connect(remote, { token: 'a', remember: false });
    store.getState().connect({ kind: 'remote', url: 'ws://10.0.0.2:7420/api' }, { token: 'b', remember: false });
    expect(transports[0]?.transport.closed).toBe(true);
    store.getState().disconnect();
    expect(transports[1]?.transport.closed).toBe(true);
    expect(store.getState()).toMatchObject({ client: null, connection: null, target: { kind: 'remote', url: 'ws://10.0.0.2:7420/api' } });
  });

  it('reports a target this window cannot reach instead of throwing', () => {
    const store = createConnectionStore({
      storage: null,
      localAvailable: false,
      createTransport: () => {
        throw new Error('"This computer" is only available in the Stratus desktop app');
      },
    });
    store.getState().connect({ kind: 'local' });
    expect(store.getState().connection).toMatchObject({ status: 'closed', reason: { message: /desktop app/ } });
  });

  it('ignores stored garbage', () => {
    const storage = new MemoryStorage();
    storage.setItem(CONNECTION_STORAGE_KEY, '{"target":{"kind":"ftp"}}');
    expect(loadSavedConnection(storage)).toBeNull();
    storage.setItem(CONNECTION_STORAGE_KEY, 'not json');
    expect(loadSavedConnection(storage)).toBeNull();
  });

  it('pairs with a code, then connects with the device token it got, remembered like a typed one', async () => {
    const storage = new MemoryStorage();
    const requests: PairRequest[] = [];
    const transports: { target: EngineTarget; token: string; transport: FakeTransport }[] = [];
    const store = createConnectionStore({
      storage,
      localAvailable: false,
      createTransport: (target, token) => {
        transports.push({ target, token, transport: new FakeTransport() });
        return transports.at(-1)!.transport;
      },
      pairDevice: async (request) => {
        requests.push(request);
        return request.code === 'ABCD-EFGH'
          ? { ok: true, token: 'device-token', deviceId: 'dev-1', role: 'viewer', fingerprint: null }
          : { ok: false, kind: 'bad-code', message: 'wrong code' };
      },
    });
    const request = { origin: 'http://127.0.0.1:7420', code: 'WRONG-CODE', deviceName: 'Laptop', fingerprint: null };
    await expect(store.getState().pair(request, 'ws://127.0.0.1:7420/api')).resolves.toMatchObject({ ok: false, kind: 'bad-code' });
    expect(transports).toHaveLength(0);

    await expect(store.getState().pair({ ...request, code: 'ABCD-EFGH' }, 'ws://127.0.0.1:7420/api')).resolves.toMatchObject({ ok: true, role: 'viewer' });
    expect(transports[0]).toMatchObject({ target: remote, token: 'device-token' });
    expect(loadSavedConnection(storage)).toEqual({ target: remote, token: 'device-token' });
    expect(requests).toHaveLength(2);

    // The engine says who this connection is on every welcome.
    const transport = transports[0]!.transport;
    transport.welcome('e1');
    const whoami = transport.sentOf('call').find((c) => c.method === 'auth.whoami')!;
    transport.deliver({ type: 'result', id: whoami.id, result: { deviceId: 'dev-1', name: 'Laptop', role: 'viewer', transport: 'websocket', allowed: ['auth.whoami'] } });
    await Promise.resolve();
    expect(store.getState().identity).toMatchObject({ deviceId: 'dev-1', role: 'viewer' });
  });

  it('ends the connection with the reason it was given, and forgets who it was', () => {
    const { store, latest } = setup();
    store.getState().connect(remote, { token: 'abc', remember: false });
    latest().welcome('e1');
    store.getState().fail({ type: 'CertificateChanged', message: 'the certificate changed' });
    expect(latest().closed).toBe(true);
    expect(store.getState()).toMatchObject({ client: null, identity: null, connection: { status: 'closed', reason: { type: 'CertificateChanged' } } });
  });

  it('says plainly that a revoked device was disconnected by an admin', () => {
    const { store, latest } = setup();
    store.getState().connect(remote, { token: 'abc', remember: true });
    latest().welcome('e1');
    latest().status({ state: 'refused', reason: { type: 'AuthError', message: 'this device was revoked' } });
    expect(connectionProblem(store.getState().connection)).toMatch(/^An admin revoked this device.*pair with a new code/);
  });
});
