/**
 * The engine process of the crash-recovery harness: a real ExecutionEngine with its SQLite journal and a
 * BybitExecutionClient pointed at the test's emulator. It starts (reconciling with the venue), submits
 * its plan in order, reconciles once more, prints `done`, and exits. The harness kills it with SIGKILL at
 * random points and starts it again on the same database and plan.
 */
import { readFileSync } from 'node:fs';
import { BybitExecutionClient } from '../../adapters/bybit/bybit-execution-client';
import { LiveClock } from '../../core/clock';
import { ExecutionEngine } from '../../execution/execution-engine';
import { SqliteJournal } from '../../execution/sqlite-journal';
import { openDatabase } from '../../store/database';
import { CRASH_SCALES, toIntent, type PlannedOrder } from './crash-plan';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

const say = (line: string): void => void process.stdout.write(`${line}\n`);

const plan = JSON.parse(readFileSync(env('CRASH_PLAN'), 'utf8')) as { orders: PlannedOrder[]; lastPrice: string };
const db = openDatabase({ path: env('CRASH_DB') });
const journal = new SqliteJournal(db);
const client = await BybitExecutionClient.create({
  credentials: { apiKey: env('CRASH_KEY'), secret: env('CRASH_SECRET') },
  endpoint: { restUrl: env('CRASH_REST'), wsUrl: env('CRASH_WS') },
  rateLimit: false,
  timeoutMs: 400,
});
const engine = new ExecutionEngine({
  client,
  journal,
  clock: new LiveClock(),
  maxAttempts: 8,
  backoff: { initialMs: 20, maxMs: 200, factor: 2, jitter: 0.5 },
  resendWindowMs: 10 * 60_000,
  scalesOf: () => CRASH_SCALES,
  log: (message, error) => process.stderr.write(`${message} ${error instanceof Error ? error.message : ''}\n`),
});
await engine.start();
say('ready');
for (const order of plan.orders) {
  const placed = await engine.submit(toIntent(order, BigInt(plan.lastPrice)));
  say(`submitted ${order.key} ${placed.status}`);
}
const report = await engine.reconcile('manual');
say(`done ${report.corrections.length}`);
engine.stop();
await client.close();
db.close();
process.exit(0);
