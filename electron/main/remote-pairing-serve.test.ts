import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { startServe, type RunningServe } from '../../engine/hosts/serve';
import { tempDir } from '../../engine/testing/temp-dir';
import { WsTestClient } from '../../engine/testing/ws-test-client';
import { createFilePinStore, pinKey } from './certificate-pins';
import { pairRemoteDevice } from './remote-pairing';

const TOKEN = 'admin-token-0123456789abcdef';
// The test's own admin connection trusts the engine's self-signed certificate; the device under test pins it.
const TRUST_ANY = { rejectUnauthorized: false } as const;

describe('pairing with the real `stratus serve` over TLS from main', () => {
  const dir = tempDir('stratus-pair-serve-');
  let serve: RunningServe;
  let admin: WsTestClient;

  beforeAll(async () => {
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: null, tls: true, certificateDir: dir.path });
    admin = await WsTestClient.connect(serve.apiUrl, TOKEN, TRUST_ANY);
  });
  afterAll(async () => {
    await admin.close();
    await serve.close();
    dir.remove();
  });

  it('pairs with the fingerprint from the link, pins it, and the device token then connects with its role', async () => {
    expect(serve.url.startsWith('https://')).toBe(true);
    const created = await admin.call('auth.createPairingCode', { role: 'trader' });
    expect(created.fingerprint).toBe(serve.fingerprint);
    const origin = new URL(serve.url);
    const pins = createFilePinStore(join(dir.path, 'pins-1.json'));
    const reply = await pairRemoteDevice({ origin: origin.origin, code: created.code, deviceName: 'Laptop', fingerprint: created.fingerprint }, { pins });
    expect(reply).toMatchObject({ ok: true, role: 'trader', fingerprint: serve.fingerprint });
    expect(pins.get(pinKey(origin))).toBe(serve.fingerprint);

    if (!reply.ok) throw new Error(reply.message);
    const device = await WsTestClient.connect(serve.apiUrl, reply.token, TRUST_ANY);
    await expect(device.call('auth.whoami', {})).resolves.toMatchObject({ deviceId: reply.deviceId, name: 'Laptop', role: 'trader' });
    await device.close();

    // Single use: the same code again is refused in words a trader understands.
    await expect(pairRemoteDevice({ origin: origin.origin, code: created.code, deviceName: 'Laptop', fingerprint: created.fingerprint }, { pins })).resolves.toMatchObject({
      ok: false,
      kind: 'bad-code',
    });
  });

  it('never sends the code to an engine whose certificate is not the one named: the code still works afterwards', async () => {
    const created = await admin.call('auth.createPairingCode', { role: 'viewer' });
    const origin = new URL(serve.url).origin;
    const pins = createFilePinStore(join(dir.path, 'pins-2.json'));
    const other = serve.fingerprint!.replace(/^../, serve.fingerprint!.startsWith('00') ? '11' : '00');
    const refused = await pairRemoteDevice({ origin, code: created.code, deviceName: 'Phone', fingerprint: other }, { pins });
    expect(refused).toMatchObject({ ok: false, kind: 'fingerprint-mismatch', expected: other, actual: serve.fingerprint });
    expect(pins.forHost('127.0.0.1')).toEqual([]);
    // Had the code reached the engine it would be spent; it is not.
    await expect(pairRemoteDevice({ origin, code: created.code, deviceName: 'Phone', fingerprint: null }, { pins })).resolves.toMatchObject({ ok: true, role: 'viewer' });
    expect(pins.forHost('127.0.0.1')).toEqual([serve.fingerprint]);
    const devices = await admin.call('auth.devices', {});
    expect(devices.filter((d) => d.name === 'Phone')).toHaveLength(1);
  });
});
