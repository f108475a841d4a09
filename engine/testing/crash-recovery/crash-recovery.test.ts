import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker } from '../bundle-worker';
import { BybitEmulator } from '../bybit-emulator/bybit-emulator';
import { tempDir } from '../temp-dir';
import { crashRun, type CrashRunResult } from './crash-harness';

const CREDENTIALS = { apiKey: 'crash-key', secret: 'crash-secret' };
// More runs: STRATUS_CRASH_RUNS=100 npx vitest run engine/testing/crash-recovery
const RUNS = Number(process.env.STRATUS_CRASH_RUNS ?? 8);
const SEED = Number(process.env.STRATUS_CRASH_SEED ?? 6);

/**
 * The engine process (ExecutionEngine + SQLite journal + BybitExecutionClient) SIGKILLed at random
 * points of the order path, many times, then restarted: after its start-up reconciliation the venue and
 * the journal agree order by order and fill by fill, and no order exists twice at the venue.
 */
describe('crash recovery: the engine process killed at random points of the order path', () => {
  const dir = tempDir('stratus-crash-');
  let emulator: BybitEmulator;
  let childPath: string;

  beforeAll(async () => {
    childPath = await bundleWorker('engine/testing/crash-recovery/crash-child.ts', 'crash-child');
    emulator = await BybitEmulator.start({ apiKeys: { [CREDENTIALS.apiKey]: CREDENTIALS.secret }, balances: { USDT: 10_000_000 }, tradesPerMinute: 60 });
  });

  afterAll(async () => {
    await emulator.stop();
    dir.remove();
  });

  it(`${RUNS} seeded runs, 1–3 kills each: venue and journal agree, no order sent twice`, async () => {
    const results: CrashRunResult[] = [];
    for (let run = 0; run < RUNS; run++) {
      results.push(await crashRun({ emulator, childPath, dir: dir.path, credentials: CREDENTIALS, seed: SEED, run, orders: 8 }));
    }
    if (process.env.STRATUS_CRASH_VERBOSE) console.log(results.map((r) => r.killPoints.join(" | ")).join("\n"));
    const problems = results.flatMap((r, run) => r.problems.map((p) => `run ${run}: ${p}`));
    expect(problems).toEqual([]);
    const kills = results.reduce((n, r) => n + r.kills, 0);
    const points = results.flatMap((r) => r.killPoints);
    expect(kills).toBeGreaterThanOrEqual(RUNS);
    // The kills landed across the path: during start-up and between submissions.
    expect(points.some((p) => p.includes('"nothing"') || p.includes('"ready"'))).toBe(true);
    expect(points.some((p) => p.includes('submitted'))).toBe(true);
    expect(results.reduce((n, r) => n + r.orders, 0)).toBeGreaterThan(RUNS * 6);
    console.log(
      `crash recovery: ${RUNS} runs, ${kills} kills, ${results.reduce((n, r) => n + r.orders, 0)} orders and ${results.reduce((n, r) => n + r.fills, 0)} fills at the venue, ` +
        `${results.reduce((n, r) => n + r.corrections, 0)} reconciliation corrections, ${emulator.account.duplicateLinkIdRejections} resends refused by the venue as duplicates, 0 duplicated, 0 lost`,
    );
  }, 600_000);
});
