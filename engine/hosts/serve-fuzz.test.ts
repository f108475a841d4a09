import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { MAX_MESSAGE_BYTES } from '../api/protocol';
import { seededRandom } from '../core/random';
import { fuzzMessages } from '../testing/fuzz-messages';
import { postPair } from '../testing/pair-request';
import { pendingProposal, UP_CLOSE_STRATEGY } from '../testing/pending-proposal';
import { tempDir } from '../testing/temp-dir';
import { SERVE_TOKEN, startTradingServe } from '../testing/trading-serve';
import { WsTestClient } from '../testing/ws-test-client';
import type { RunningServe } from './serve';


/**
 * Tables that legitimately change while the fuzz runs: the audit log of refusals, devices' last-seen
 * times, and what the trading clock writes by itself each second (equity points, the risk state's
 * equity marks). A kill or resume would still show in risk_events and in risk.get, both compared.
 */
const VOLATILE_TABLES = new Set(['auth_audit', 'auth_devices', 'equity_points', 'equity_daily', 'risk_state']);

/** A digest of every row of every table but the volatile ones: equal digests mean no state changed. */
function stateDigest(db: Database.Database): string {
  return JSON.stringify(tableDigests(db));
}

function tableDigests(db: Database.Database): Record<string, string> {
  const out: Record<string, string> = {};
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    if (VOLATILE_TABLES.has(name)) continue;
    const hash = createHash('sha256');
    for (const row of db.prepare(`SELECT * FROM "${name}"`).raw().all()) hash.update(JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    out[name] = hash.digest('hex').slice(0, 12);
  }
  return out;
}

describe('stratus serve under a seeded fuzz run', () => {
  let dir: ReturnType<typeof tempDir>;
  let serve: RunningServe;
  let admin: WsTestClient;
  const clients: WsTestClient[] = [];

  beforeEach(async () => {
    dir = tempDir();
    ({ serve, client: admin } = await startTradingServe(dir.path, UP_CLOSE_STRATEGY, { rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } }));
    clients.push(admin);
    await pendingProposal(admin);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await serve.close();
    dir.remove();
  });

  /** Sends every frame, reconnecting when the engine closes the socket (oversized frames do), then waits for a ping. */
  async function blast(token: string, frames: Iterable<ReturnType<typeof fuzzMessages> extends Iterable<infer F> ? F : never>): Promise<WsTestClient[]> {
    const used: WsTestClient[] = [];
    let client = await WsTestClient.connect(serve.apiUrl, token);
    used.push(client);
    let sent = 0;
    for (const frame of frames) {
      if (client.closeCode !== null || client.socket.readyState !== client.socket.OPEN) {
        client = await WsTestClient.connect(serve.apiUrl, token);
        used.push(client);
      }
      client.sendRaw(frame.data);
      // Let the engine answer now and then, as a real flood over a network would.
      if (++sent % 200 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    if (client.closeCode !== null) {
      client = await WsTestClient.connect(serve.apiUrl, token);
      used.push(client);
    }
    expect(await client.call('system.ping', {})).toMatchObject({ now: expect.any(Number) });
    clients.push(...used);
    return used;
  }

  it('survives thousands of random and malformed messages with no crash and no state change', async () => {
    const { code } = await admin.call('auth.createPairingCode', { role: 'viewer' });
    const viewer = (await postPair(serve.url, { code, deviceName: 'fuzzer' })).body as { token: string };
    const beforeFuzz = stateDigest(serve.engine.db);
    const riskBefore = (await admin.call('risk.get', {})).state;
    const modeBefore = await admin.call('trading.mode', {});

    // As a viewer, real methods with random parameters too: nothing a viewer may call changes state.
    const viewerClients = await blast(viewer.token, fuzzMessages(seededRandom(9), 4_000, { wellFormedCalls: true }));
    // As the admin, only malformed messages: the edge must refuse them before any handler acts.
    const adminClients = await blast(SERVE_TOKEN, fuzzMessages(seededRandom(10), 2_000, { wellFormedCalls: false }));
    // A frame over the size limit closes that socket and nothing else.
    const big = await WsTestClient.connect(serve.apiUrl, SERVE_TOKEN);
    clients.push(big);
    big.sendRaw('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await big.waitForClose()).toBe(1009);

    const answers = [...viewerClients, ...adminClients].flatMap((c) => c.received);
    expect(answers.length).toBeGreaterThan(4_000);
    // Every refusal is an expected one: never an internal error.
    const errorTypes = new Set(answers.flatMap((m) => (m.type === 'error' ? [m.error.type] : [])));
    expect([...errorTypes].sort()).not.toContain('InternalError');
    expect(errorTypes).toContain('ValidationError');
    expect(errorTypes).toContain('ForbiddenError');
    expect(errorTypes).toContain('NotFoundError');

    // The engine still answers everyone, the proposal still waits, and no stored state changed.
    expect(await admin.call('system.ping', {})).toMatchObject({ now: expect.any(Number) });
    expect(await admin.call('approvals.list', {})).toMatchObject([{ status: 'pending' }]);
    expect(await admin.call('orders.list', {})).toEqual([]);
    expect((await admin.call('risk.get', {})).state).toBe(riskBefore);
    expect(await admin.call('trading.mode', {})).toEqual(modeBefore);
    expect(tableDigests(serve.engine.db)).toEqual(JSON.parse(beforeFuzz));
    const denied = serve.engine.db.prepare("SELECT COUNT(*) AS n FROM auth_audit WHERE outcome = 'denied'").get() as { n: number };
    expect(denied.n).toBeGreaterThan(100);
  }, 120_000);
});
