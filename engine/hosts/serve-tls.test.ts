import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerPairCommand } from '../cli/pair-command';
import { ValidationError } from '../core/errors';
import { postPair } from '../testing/pair-request';
import { tempDir } from '../testing/temp-dir';
import { WsTestClient } from '../testing/ws-test-client';
import { CERTIFICATE_FILE, KEY_FILE, loadOrCreateCertificate } from './serve-certificate';
import { startServe, type RunningServe } from './serve';

const TOKEN = 'test-token-0123456789abcdef';

/** The SHA-256 fingerprint of the certificate a TLS server actually presents. */
function presentedFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('stratus serve over TLS', () => {
  let dir: ReturnType<typeof tempDir>;
  let serve: RunningServe | null = null;
  const clients: WsTestClient[] = [];
  const start = async (host = '127.0.0.1'): Promise<RunningServe> => {
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), host, port: 0, token: TOKEN, staticDir: null, tls: true });
    return serve;
  };
  const ca = (): string => readFileSync(join(dir.path, CERTIFICATE_FILE), 'utf8');

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await serve?.close();
    serve = null;
    dir.remove();
    vi.restoreAllMocks();
  });

  it('serves https and wss with a certificate generated beside the database, its key readable by the owner only', async () => {
    const running = await start();
    expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
    expect(running.apiUrl).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/api$/);
    expect(running.certificateGenerated).toBe(true);
    expect(statSync(join(dir.path, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(running.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(await presentedFingerprint(running.port)).toBe(running.fingerprint);
    expect(new X509Certificate(ca()).fingerprint256).toBe(running.fingerprint);

    const client = await WsTestClient.connect(running.apiUrl, TOKEN, { ca: ca() });
    clients.push(client);
    expect(await client.call('auth.whoami', {})).toMatchObject({ role: 'admin' });
    const pairing = await client.call('auth.createPairingCode', { role: 'viewer' });
    expect(pairing).toMatchObject({ fingerprint: running.fingerprint, pairingUrl: `${running.url}#pair=${pairing.code}&fingerprint=${running.fingerprint}` });
    // A client that does not trust the certificate gets nowhere.
    await expect(WsTestClient.connect(running.apiUrl, TOKEN)).rejects.toThrow(/self-signed|certificate/i);
  });

  it('keeps the certificate across restarts and replaces one that expired', async () => {
    const first = await start();
    const fingerprint = first.fingerprint;
    await first.close();
    const second = await start();
    expect(second).toMatchObject({ fingerprint, certificateGenerated: false });
    expect(await presentedFingerprint(second.port)).toBe(fingerprint);
    const later = await loadOrCreateCertificate(dir.path, '127.0.0.1', Date.now() + 400 * 86_400_000);
    expect(later.generated).toBe(true);
    expect(later.fingerprint).not.toBe(fingerprint);
    expect(later.validTo).toBeGreaterThan(Date.now() + 700 * 86_400_000);
  });

  it('requires TLS off loopback: https by default, plain HTTP refused', async () => {
    await expect(
      startServe({ databasePath: join(dir.path, 'stratus.db'), host: '0.0.0.0', port: 0, token: TOKEN, staticDir: null, tls: false }),
    ).rejects.toBeInstanceOf(ValidationError);
    const running = await startServe({ databasePath: join(dir.path, 'stratus.db'), host: '0.0.0.0', port: 0, token: TOKEN, staticDir: null });
    serve = running;
    expect(running.url).toMatch(/^https:\/\//);
    const client = await WsTestClient.connect(`wss://127.0.0.1:${running.port}/api`, TOKEN, { ca: ca() });
    clients.push(client);
    expect(await client.call('system.ping', {})).toMatchObject({ now: expect.any(Number) });
  });

  it('`stratus pair` beside a running serve prints a code the server accepts over https, with the fingerprint to pin', async () => {
    const running = await start();
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const program = new Command().exitOverride();
    registerPairCommand(program);
    await program.parseAsync(['node', 'stratus', 'pair', '--role', 'trader', '--ttl', '120', '--db', join(dir.path, 'stratus.db')]);
    const code = /code for one trader device: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(lines.join('\n'))?.[1];
    expect(code).toBeDefined();
    expect(lines.join('\n')).toContain(`SHA-256 ${running.fingerprint}`);

    const paired = await postPair(running.url, { code, deviceName: 'laptop' }, { ca: ca() });
    expect(paired).toMatchObject({ status: 200, body: { role: 'trader', fingerprint: running.fingerprint } });
    const device = await WsTestClient.connect(running.apiUrl, (paired.body as { token: string }).token, { ca: ca() });
    clients.push(device);
    expect(await device.call('auth.whoami', {})).toMatchObject({ name: 'laptop', role: 'trader' });

    await expect(program.parseAsync(['node', 'stratus', 'pair', '--role', 'root', '--db', join(dir.path, 'stratus.db')])).rejects.toThrow(/--role must be/);
    await expect(program.parseAsync(['node', 'stratus', 'pair', '--role', 'viewer', '--ttl', '5', '--db', join(dir.path, 'stratus.db')])).rejects.toThrow(/--ttl/);
    await expect(program.parseAsync(['node', 'stratus', 'pair', '--role', 'viewer', '--device-ttl', '0', '--db', join(dir.path, 'stratus.db')])).rejects.toThrow(/--device-ttl/);

    // A code for a device that may stay 30 days.
    lines.length = 0;
    await program.parseAsync(['node', 'stratus', 'pair', '--role', 'viewer', '--device-ttl', '30', '--db', join(dir.path, 'stratus.db')]);
    const limited = /device: ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(lines.join('\n'))?.[1];
    const tablet = await postPair(running.url, { code: limited, deviceName: 'tablet' }, { ca: ca() });
    const view = running.engine.auth.registry.get((tablet.body as { deviceId: string }).deviceId);
    expect(view.expiresAt! - view.createdAt).toBe(30 * 86_400_000);
  });
});
