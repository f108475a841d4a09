import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METHOD_ROLES, requiredRole } from '../api/auth/method-roles';
import { CLOSE_CODES, MAX_MESSAGE_BYTES, PROTOCOL_VERSION } from '../api/protocol';
import { eventually } from '../testing/eventually';
import { postPair } from '../testing/pair-request';
import { pendingProposal, UP_CLOSE_STRATEGY } from '../testing/pending-proposal';
import { tempDir } from '../testing/temp-dir';
import { SERVE_TOKEN, startTradingServe } from '../testing/trading-serve';
import { WsTestClient } from '../testing/ws-test-client';
import { startServe, type RunningServe } from './serve';

const lockout = { maxFailures: 3, windowMs: 60_000, lockoutMs: 60_000 };

describe('stratus serve: devices, roles, pairing and lockout', () => {
  let dir: ReturnType<typeof tempDir>;
  let serve: RunningServe;
  let admin: WsTestClient;
  const clients: WsTestClient[] = [];
  const connect = async (token: string): Promise<WsTestClient> => {
    const client = await WsTestClient.connect(serve.apiUrl, token);
    clients.push(client);
    return client;
  };
  /** Pairs a device through POST /pair with a code issued over the API, as the desktop app does. */
  const pairDevice = async (role: 'viewer' | 'trader' | 'admin', name = `${role} phone`) => {
    const { code } = await admin.call('auth.createPairingCode', { role });
    const response = await postPair(serve.url, { code, deviceName: name });
    expect(response.status).toBe(200);
    return response.body as { token: string; deviceId: string; role: string; fingerprint: string | null };
  };
  /** What a hello with `token` gets: the refusal's type and the close code. */
  const refusalOf = async (token: string): Promise<{ type: string | undefined; code: number }> => {
    const client = await WsTestClient.open(serve.apiUrl);
    clients.push(client);
    client.sendRaw(JSON.stringify({ type: 'hello', token, protocol: PROTOCOL_VERSION }));
    const code = await client.waitForClose();
    const refused = client.received.find((m) => m.type === 'refused');
    return { type: refused?.type === 'refused' ? refused.reason.type : undefined, code };
  };

  beforeEach(async () => {
    dir = tempDir();
    ({ serve, client: admin } = await startTradingServe(dir.path, UP_CLOSE_STRATEGY, { lockout }));
    clients.push(admin);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await serve.close();
    dir.remove();
  });

  it('the shared serve token is admin; a paired device gets its own token and role', async () => {
    expect(await admin.call('auth.whoami', {})).toEqual({ deviceId: null, name: 'serve token', role: 'admin', transport: 'websocket', allowed: Object.keys(METHOD_ROLES) });
    const paired = await pairDevice('viewer', 'tablet');
    expect(paired).toMatchObject({ role: 'viewer', fingerprint: null });
    expect(paired.token.length).toBeGreaterThanOrEqual(40);
    const viewer = await connect(paired.token);
    const seen = await viewer.call('auth.whoami', {});
    expect(seen).toMatchObject({ deviceId: paired.deviceId, name: 'tablet', role: 'viewer', transport: 'websocket' });
    // The window learns exactly the methods the engine lets this role call, and the engine refuses the rest.
    expect(seen.allowed).toEqual(Object.keys(METHOD_ROLES).filter((method) => requiredRole(method) === 'viewer'));
    expect(seen.allowed).not.toContain('strategy.detach');
    await expect(viewer.call('strategy.detach', { id: 'att-1' })).rejects.toMatchObject({ type: 'ForbiddenError' });
    const [device] = await admin.call('auth.devices', {});
    expect(device).toMatchObject({ id: paired.deviceId, name: 'tablet', role: 'viewer', revokedAt: null, expiresAt: null });
    expect(device!.lastSeenAt).toBeGreaterThan(0);
    // The database holds only the digest of the token.
    const rows = serve.engine.db.prepare('SELECT * FROM auth_devices').all();
    expect(JSON.stringify(rows)).not.toContain(paired.token);
  });

  it('refuses a hello with no, a wrong, an expired or a revoked token', async () => {
    expect(await refusalOf('')).toEqual({ type: 'AuthError', code: CLOSE_CODES.authFailed });
    expect(await refusalOf('not-the-token-0123456789')).toEqual({ type: 'AuthError', code: CLOSE_CODES.authFailed });
    const now = Date.now();
    const expired = serve.engine.auth.registry.create('old laptop', 'trader', now - 10_000, now - 1);
    // Two failures so far of the three allowed: a success (the admin's own hello) forgets them.
    await connect(SERVE_TOKEN);
    expect(await refusalOf(expired.token)).toEqual({ type: 'AuthError', code: CLOSE_CODES.authFailed });
    const paired = await pairDevice('trader');
    await admin.call('auth.revoke', { deviceId: paired.deviceId });
    expect(await refusalOf(paired.token)).toEqual({ type: 'AuthError', code: CLOSE_CODES.authFailed });
    // Without a hello at all: the first message must be one.
    const silent = await WsTestClient.open(serve.apiUrl);
    clients.push(silent);
    silent.sendRaw(JSON.stringify({ type: 'call', id: 1, method: 'system.info', params: {} }));
    expect(await silent.waitForClose()).toBe(CLOSE_CODES.protocolError);
  });

  it('revoking a device closes its live sockets at once with 4401 and a refused message', async () => {
    const paired = await pairDevice('trader');
    const phone = await connect(paired.token);
    const second = await connect(paired.token);
    const other = await connect((await pairDevice('viewer')).token);
    expect(await admin.call('auth.revoke', { deviceId: paired.deviceId })).toMatchObject({ id: paired.deviceId, revokedAt: expect.any(Number) });
    expect(await phone.waitForClose()).toBe(CLOSE_CODES.authFailed);
    expect(await second.waitForClose()).toBe(CLOSE_CODES.authFailed);
    expect(phone.received.at(-1)).toEqual({ type: 'refused', reason: { type: 'AuthError', message: 'this device was revoked' } });
    // Other devices stay connected.
    expect(await other.call('system.ping', {})).toMatchObject({ now: expect.any(Number) });
    await expect(admin.call('auth.revoke', { deviceId: 'NOSUCHDEVICE' })).rejects.toMatchObject({ type: 'NotFoundError' });
  });

  it('a viewer cannot approve, and the refusal is audited; a trader can, and that is audited too', async () => {
    const proposal = await pendingProposal(admin);
    const viewerDevice = await pairDevice('viewer', 'wall screen');
    const viewer = await connect(viewerDevice.token);
    expect(await viewer.call('approvals.list', {})).toHaveLength(1);
    await expect(viewer.call('approvals.approve', { id: proposal.id })).rejects.toMatchObject({ type: 'ForbiddenError' });
    await expect(viewer.call('risk.kill', {})).rejects.toMatchObject({ type: 'ForbiddenError' });
    await expect(viewer.call('auth.devices', {})).rejects.toMatchObject({ type: 'ForbiddenError' });
    expect((await admin.call('approvals.list', {}))[0]).toMatchObject({ id: proposal.id, status: 'pending' });

    const traderDevice = await pairDevice('trader', 'phone');
    const trader = await connect(traderDevice.token);
    await expect(trader.call('trading.setMode', { mode: 'paper' } as never)).rejects.toMatchObject({ type: 'ForbiddenError' });
    // The decision names the device that made it.
    expect(await trader.call('approvals.approve', { id: proposal.id })).toMatchObject({ status: 'submitted', decidedBy: { kind: 'trader', via: 'ui', device: 'phone' } });

    const audit = await admin.call('auth.audit', { limit: 50 });
    expect(audit.find((e) => e.method === 'approvals.approve' && e.outcome === 'denied')).toMatchObject({
      actor: viewerDevice.deviceId,
      role: 'viewer',
      detail: expect.stringContaining(`id=${proposal.id}`),
    });
    expect(audit.find((e) => e.method === 'approvals.approve' && e.outcome === 'ok')).toMatchObject({ actor: traderDevice.deviceId, role: 'trader' });
    expect(audit.find((e) => e.method === 'trading.setMode')).toMatchObject({ outcome: 'denied', role: 'trader' });
    // Reads are not audited; the admin's own privileged calls are.
    expect(audit.some((e) => e.method === 'approvals.list')).toBe(false);
    expect(audit.filter((e) => e.method === 'auth.createPairingCode').map((e) => [e.actor, e.outcome, e.detail])).toEqual([
      ['serve-token', 'ok', 'role=trader'],
      ['serve-token', 'ok', 'role=viewer'],
    ]);
    // Paging back by id.
    const older = await admin.call('auth.audit', { limit: 2, before: audit[1]!.id });
    expect(older.map((e) => e.id)).toEqual(audit.slice(2, 4).map((e) => e.id));
  });

  it('a replayed approve (the same call sent twice) acts once', async () => {
    const proposal = await pendingProposal(admin);
    const trader = await connect((await pairDevice('trader')).token);
    const frame = JSON.stringify({ type: 'call', id: 77, method: 'approvals.approve', params: { id: proposal.id } });
    trader.sendRaw(frame);
    trader.sendRaw(frame);
    await eventually(() => expect(trader.received.filter((m) => (m.type === 'result' || m.type === 'error') && m.id === 77)).toHaveLength(2));
    const answers = trader.received.filter((m) => (m.type === 'result' || m.type === 'error') && m.id === 77).map((m) => m.type);
    expect(answers.sort()).toEqual(['error', 'result']);
    expect(await admin.call('orders.list', {})).toHaveLength(1);
  });

  it('a pairing code pairs once: a replay, a wrong code and an expired one are refused with 401', async () => {
    const { code, expiresAt, pairingUrl } = await admin.call('auth.createPairingCode', { role: 'trader', ttlSeconds: 60 });
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(expiresAt).toBeGreaterThan(Date.now());
    expect(pairingUrl).toBe(`${serve.url}#pair=${code}`);
    // Codes are typed by hand: lower case without the dash is the same code.
    expect((await postPair(serve.url, { code: code.replace('-', '').toLowerCase(), deviceName: 'phone' })).status).toBe(200);
    const replay = await postPair(serve.url, { code, deviceName: 'attacker' });
    expect(replay).toMatchObject({ status: 401, body: { error: { type: 'AuthError', message: expect.stringContaining('wrong, used or expired') } } });
    expect(await admin.call('auth.devices', {})).toHaveLength(1);
    // Stored as digests only.
    expect(JSON.stringify(serve.engine.db.prepare('SELECT * FROM auth_pairing_codes').all())).not.toContain(code);

    const now = Date.now();
    const expired = serve.engine.auth.codes.issue('admin', 30, now - 60_000);
    expect((await postPair(serve.url, { code: expired.code, deviceName: 'late' })).status).toBe(401);
    expect(await admin.call('auth.devices', {})).toHaveLength(1);
  });

  it('answers malformed pairing requests with 400, 405, 413 and 415 and loses nothing', async () => {
    const { code } = await admin.call('auth.createPairingCode', { role: 'viewer' });
    expect(await postPair(serve.url, '{"code": ')).toMatchObject({ status: 400, body: { error: { type: 'ValidationError', message: expect.stringContaining('not valid JSON') } } });
    expect(await postPair(serve.url, { code })).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('deviceName') } } });
    expect(await postPair(serve.url, { code, deviceName: 'x', role: 'admin' })).toMatchObject({ status: 400 });
    expect(await postPair(serve.url, { code, deviceName: 'x'.repeat(65) })).toMatchObject({ status: 400 });
    expect(await postPair(serve.url, { code, deviceName: 'phone' }, { contentType: 'text/plain' })).toMatchObject({ status: 415 });
    expect(await postPair(serve.url, { code, deviceName: 'phone' }, { method: 'PUT' })).toMatchObject({ status: 405 });
    expect(await postPair(serve.url, { code, deviceName: 'x'.repeat(10_000) })).toMatchObject({ status: 413 });
    // None of that spent the code or counted as a guess.
    expect(await postPair(serve.url, { code, deviceName: 'phone' })).toMatchObject({ status: 200, body: { role: 'viewer' } });
  });

  it('locks an address out after repeated failures, for pairing and for hellos alike', async () => {
    for (let i = 0; i < 2; i++) expect((await postPair(serve.url, { code: 'AAAA-AAAA', deviceName: 'guess' })).status).toBe(401);
    // The third failure (a bad token this time) locks the address out.
    expect(await refusalOf('guessed-token-0123456789')).toEqual({ type: 'RateLimitError', code: CLOSE_CODES.rateLimited });
    const { code } = await admin.call('auth.createPairingCode', { role: 'viewer' });
    const locked = await postPair(serve.url, { code, deviceName: 'phone' });
    expect(locked).toMatchObject({ status: 429, body: { error: { type: 'RateLimitError' } } });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Even the right serve token is refused while locked out: the lockout does not reveal which guess was right.
    expect(await refusalOf(SERVE_TOKEN)).toEqual({ type: 'RateLimitError', code: CLOSE_CODES.rateLimited });
    // Connections made before the lockout keep working.
    expect(await admin.call('system.ping', {})).toMatchObject({ now: expect.any(Number) });
  });

  it('a restart of serve keeps an active lockout (it is kept in SQLite)', async () => {
    for (let i = 0; i < 3; i++) expect((await postPair(serve.url, { code: 'BBBB-BBBB', deviceName: 'guess' })).status).toBe(i < 2 ? 401 : 429);
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await serve.close();
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: SERVE_TOKEN, staticDir: null, strategiesDir: join(dir.path, 'strategies'), lockout });
    expect(await refusalOf(SERVE_TOKEN)).toEqual({ type: 'RateLimitError', code: CLOSE_CODES.rateLimited });
    // Once the lockout is over (moved into the past here), the same address gets in, and its row is gone.
    serve.engine.db.prepare('UPDATE auth_lockout SET locked_until = 1, expires_at = 1').run();
    await serve.close();
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: SERVE_TOKEN, staticDir: null, strategiesDir: join(dir.path, 'strategies'), lockout });
    expect(serve.engine.db.prepare('SELECT COUNT(*) FROM auth_lockout').pluck().get()).toBe(0);
    const client = await connect(SERVE_TOKEN);
    expect(await client.call('auth.whoami', {})).toMatchObject({ role: 'admin' });
  });

  it('closes a socket that sends a message over the size limit', async () => {
    const client = await connect(SERVE_TOKEN);
    client.sendRaw(JSON.stringify({ type: 'call', id: 1, method: 'system.ping', params: { pad: 'x'.repeat(MAX_MESSAGE_BYTES) } }));
    expect(await client.waitForClose()).toBe(1009);
    expect(await admin.call('system.ping', {})).toMatchObject({ now: expect.any(Number) });
  });

  it('audits an admin call with exchange keys without ever writing the key or the secret', async () => {
    const secret = 'super-secret-value-0042';
    // An unknown venue: refused by validation, so no key store (or OS keychain) is touched, and still audited.
    await expect(admin.call('keys.set', { venue: 'nowhere', apiKey: 'AuditKeyAbcdef123', secret } as never)).rejects.toMatchObject({ type: 'ValidationError' });
    const [entry] = await admin.call('auth.audit', { limit: 1 });
    expect(entry).toMatchObject({ method: 'keys.set', actor: 'serve-token', role: 'admin', outcome: 'error', detail: expect.stringContaining('apiKey=*** secret=***') });
    const rows = JSON.stringify(serve.engine.db.prepare('SELECT * FROM auth_audit').all());
    expect(rows).not.toContain(secret);
    expect(rows).not.toContain('AuditKeyAbcdef123');
  });

  it('a device paired for a number of days gets a token that expires; a live session ends when it does', async () => {
    const { code } = await admin.call('auth.createPairingCode', { role: 'viewer', deviceTtlDays: 7 });
    const paired = (await postPair(serve.url, { code, deviceName: 'loaner' })).body as { deviceId: string };
    const [listed] = await admin.call('auth.devices', {});
    expect(listed).toMatchObject({ id: paired.deviceId });
    expect(listed!.expiresAt! - listed!.createdAt).toBe(7 * 86_400_000);

  });

  it('closes each live session the moment its device token expires, as a revocation closes it', async () => {
    const now = Date.now();
    const first = serve.engine.auth.registry.create('first', 'trader', now, now + 500);
    const second = serve.engine.auth.registry.create('second', 'viewer', now, now + 4_000);
    // Beyond setTimeout's longest delay (~24.8 days): waited for in steps, not fired at once.
    const far = serve.engine.auth.registry.create('far', 'viewer', now, now + 40 * 86_400_000);
    const firstA = await connect(first.token);
    const firstB = await connect(first.token);
    const secondClient = await connect(second.token);
    const farClient = await connect(far.token);
    expect(await firstA.call('auth.whoami', {})).toMatchObject({ role: 'trader' });

    // Both sessions of the first device end at its expiry, long before any 30 s sweep, and not before it.
    expect(await firstA.waitForClose()).toBe(CLOSE_CODES.authFailed);
    expect(await firstB.waitForClose()).toBe(CLOSE_CODES.authFailed);
    expect(Date.now()).toBeGreaterThanOrEqual(first.device.expiresAt!);
    for (const client of [firstA, firstB]) {
      expect(client.received.at(-1)).toEqual({ type: 'refused', reason: { type: 'AuthError', message: "this device's token expired; pair it again" } });
    }
    // The other device's session lives on until its own expiry.
    expect(await secondClient.call('auth.whoami', {})).toMatchObject({ name: 'second' });
    expect(await secondClient.waitForClose()).toBe(CLOSE_CODES.authFailed);
    expect(Date.now()).toBeGreaterThanOrEqual(second.device.expiresAt!);
    // A revocation ends a session with the same close code and message shape.
    await admin.call('auth.revoke', { deviceId: far.device.id });
    expect(await farClient.waitForClose()).toBe(CLOSE_CODES.authFailed);
    expect(farClient.received.at(-1)).toEqual({ type: 'refused', reason: { type: 'AuthError', message: 'this device was revoked' } });
    // An expired token is refused at hello; the engine carries on.
    expect(await refusalOf(first.token)).toEqual({ type: 'AuthError', code: CLOSE_CODES.authFailed });
    expect(await admin.call('system.ping', {})).toMatchObject({ now: expect.any(Number) });
  });
});
