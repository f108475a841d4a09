import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clientOrderIdFor } from '../../execution/execution-engine';
import { SqliteJournal } from '../../execution/sqlite-journal';
import { unitsFromNumber } from '../../core/money';
import { openDatabase } from '../../store/database';
import type { BybitEmulator } from '../bybit-emulator/bybit-emulator';
import type { RestFault } from '../bybit-emulator/faults';
import { seededRandom } from '../random';
import { CRASH_SCALES, crashPlan } from './crash-plan';

export type CrashRunOptions = {
  readonly emulator: BybitEmulator;
  /** The bundled crash-child.ts. */
  readonly childPath: string;
  readonly dir: string;
  readonly credentials: { readonly apiKey: string; readonly secret: string };
  readonly seed: number;
  readonly run: number;
  readonly orders: number;
};

export type CrashRunResult = {
  readonly kills: number;
  /** What each kill interrupted, as the child last reported it ("before ready", "after submitted …"). */
  readonly killPoints: readonly string[];
  readonly problems: readonly string[];
  readonly orders: number;
  readonly fills: number;
  /** Corrections the restarted engines made on reconciling (an order the journal had as unanswered, a missed fill…). */
  readonly corrections: number;
};

type ChildOutcome = { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly lastLine: string; readonly stderr: string };

/**
 * One crash-recovery run: the child engine process is started on a fresh database and SIGKILLed at
 * seeded random moments (during start-up reconciliation, between journaling and sending, with a request
 * in flight at a delayed or answer-losing venue), 1 to 3 times, then started again and left to finish.
 * Then the venue's order book (the truth) and the engine's journal are compared.
 */
export async function crashRun(options: CrashRunOptions): Promise<CrashRunResult> {
  const random = seededRandom(options.seed * 104_729 + options.run);
  const { emulator } = options;
  const dbPath = join(options.dir, `run-${options.run}.db`);
  const planPath = join(options.dir, `run-${options.run}.json`);
  const plan = crashPlan(options.run, options.seed, options.orders);
  const lastPrice = unitsFromNumber(emulator.market.lastPrice('linear', 'BTCUSDT'), CRASH_SCALES.priceScale);
  writeFileSync(planPath, JSON.stringify({ orders: plan, lastPrice: String(lastPrice) }));
  const env = {
    ...process.env,
    CRASH_DB: dbPath,
    CRASH_PLAN: planPath,
    CRASH_KEY: options.credentials.apiKey,
    CRASH_SECRET: options.credentials.secret,
    CRASH_REST: emulator.restUrl,
    CRASH_WS: emulator.wsUrl,
  };

  const kills = 1 + Math.floor(random() * 3);
  const killPoints: string[] = [];
  for (let k = 0; k < kills; k++) {
    injectFaults(emulator, random);
    // A quarter of the kills land during start-up (loading, reconciling); the rest while orders go out.
    const beforeReady = random() < 0.25;
    const delayMs = beforeReady ? 200 + random() * 1_200 : random() * 250;
    const outcome = await runChild(options.childPath, env, { killAfterMs: delayMs, countFrom: beforeReady ? 'spawn' : 'ready' });
    killPoints.push(outcome.signal === 'SIGKILL' ? `killed after "${outcome.lastLine || 'nothing'}"` : `finished before the kill (${outcome.lastLine})`);
  }
  emulator.faults.clear();
  const final = await runChild(options.childPath, env, { killAfterMs: null, countFrom: 'spawn' });
  const problems: string[] = [];
  if (final.code !== 0) problems.push(`the final run exited with ${final.code ?? final.signal}: ${final.stderr.slice(-500)}`);
  const compared = compare(emulator, dbPath, plan.map((order) => clientOrderIdFor(order.key)));
  return { kills, killPoints, problems: [...problems, ...compared.problems], orders: compared.orders, fills: compared.fills, corrections: compared.corrections };
}

function injectFaults(emulator: BybitEmulator, random: () => number): void {
  emulator.faults.clear();
  const faults: RestFault[] = [{ kind: 'delay', ms: 150 }, { kind: 'accept-then-hang' }, { kind: 'accept-then-drop' }, { kind: 'rate-limit' }, { kind: 'delay', ms: 60 }];
  for (let i = 0; i < 3; i++) if (random() < 0.6) emulator.faults.failNext(1, faults[Math.floor(random() * faults.length)]!, '/v5/order/create');
}

function runChild(childPath: string, env: NodeJS.ProcessEnv, kill: { killAfterMs: number | null; countFrom: 'spawn' | 'ready' }): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [childPath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let lastLine = '';
    let stderr = '';
    let timer: NodeJS.Timeout | null = null;
    const arm = () => {
      if (kill.killAfterMs !== null && !timer) timer = setTimeout(() => child.kill('SIGKILL'), kill.killAfterMs);
    };
    if (kill.countFrom === 'spawn') arm();
    // The final run must finish; a hang is a failure, not a wait forever.
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = chunk.split('\n').filter(Boolean);
      lastLine = lines.at(-1) ?? lastLine;
      if (kill.countFrom === 'ready' && lines.includes('ready')) arm();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4_000)));
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      clearTimeout(watchdog);
      resolve({ code, signal, lastLine, stderr });
    });
  });
}

/** The venue's orders and executions against the engine's journal, for the run's client order ids. */
function compare(emulator: BybitEmulator, dbPath: string, ids: readonly string[]): { problems: string[]; orders: number; fills: number; corrections: number } {
  const problems: string[] = [];
  const db = openDatabase({ path: dbPath });
  try {
    const journal = new SqliteJournal(db);
    const wanted = new Set(ids);
    const venueOrders = emulator.account.allOrders().filter((o) => wanted.has(o.orderLinkId));
    const byId = new Map<string, typeof venueOrders>();
    for (const order of venueOrders) byId.set(order.orderLinkId, [...(byId.get(order.orderLinkId) ?? []), order]);
    for (const id of ids) {
      const atVenue = byId.get(id) ?? [];
      const mine = journal.order(id);
      if (atVenue.length > 1) problems.push(`${id}: ${atVenue.length} orders at the venue`);
      if (!mine) {
        problems.push(`${id}: not in the journal`);
        continue;
      }
      if (atVenue.length === 0) {
        if (mine.status !== 'rejected') problems.push(`${id}: ${mine.status} in the journal, unknown to the venue`);
        continue;
      }
      const venue = atVenue[0]!;
      const status = venueStatus(venue.status, venue.cumExecQty > 0n);
      if (mine.status !== status) problems.push(`${id}: ${mine.status} in the journal, ${venue.status} at the venue`);
      if (mine.filledQuantity !== venue.cumExecQty) problems.push(`${id}: filled ${mine.filledQuantity} in the journal, ${venue.cumExecQty} at the venue`);
      if (mine.venueOrderId !== venue.orderId) problems.push(`${id}: venue order id ${mine.venueOrderId} in the journal, ${venue.orderId} at the venue`);
    }
    const venueFills = emulator.account.allExecutions().filter((e) => wanted.has(e.orderLinkId));
    const journalFills = ids.flatMap((id) => journal.fills({ clientOrderId: id, limit: 10_000 }));
    const venueIds = new Set(venueFills.map((e) => e.execId));
    const journalIds = new Set(journalFills.map((f) => f.id));
    if (journalIds.size !== journalFills.length) problems.push('a fill is recorded twice in the journal');
    for (const id of venueIds) if (!journalIds.has(id)) problems.push(`execution ${id} at the venue is missing from the journal`);
    for (const id of journalIds) if (!venueIds.has(id)) problems.push(`fill ${id} in the journal is unknown to the venue`);
    const corrections = journal.events({ kind: 'reconcile', limit: 100_000 }).length;
    return { problems, orders: venueOrders.length, fills: venueFills.length, corrections };
  } finally {
    db.close();
  }
}

function venueStatus(status: string, filled: boolean): string {
  if (status === 'New' || status === 'Untriggered') return filled ? 'partially-filled' : 'open';
  if (status === 'PartiallyFilled') return 'partially-filled';
  if (status === 'Filled') return 'filled';
  if (status === 'Rejected') return 'rejected';
  return 'cancelled';
}
