/**
 * The trading path from a signal to the venue, as the engine wires it, for the approval benchmarks:
 * journal, risk engine, approval queue and ExecutionEngine on a fresh SQLite file.
 */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { LiveClock } from '../engine/core/clock';
import { PolicyStore } from '../engine/execution/approval-policy';
import { ApprovalQueue } from '../engine/execution/approval-queue';
import type { ExecutionClient } from '../engine/execution/execution-client';
import { ExecutionEngine } from '../engine/execution/execution-engine';
import { ProposalFactory } from '../engine/execution/proposal-factory';
import { RiskControl } from '../engine/execution/risk-control';
import { SqliteJournal } from '../engine/execution/sqlite-journal';
import type { TradingAccount } from '../engine/execution/trading-account';
import { startWalCheckpoints } from '../engine/kernel/create-trading';
import type { Instrument } from '../engine/model/instrument';
import type { Signal } from '../engine/model/signal';
import { RiskEngine } from '../engine/risk/risk-engine';
import { sizeOrder } from '../engine/risk/sizing';
import { openDatabase } from '../engine/store/database';
import { SettingsRepository } from '../engine/store/repositories/settings-repository';
import { tempDir } from '../engine/testing/temp-dir';
import { median, percentile } from './stats';

export const RUNS = 5;
export const PER_RUN = 200;
export const WARMUP = 50;
const WIDE_LIMITS = { maxOrderNotional: 1e9, maxPositionNotional: 1e9, maxGrossExposure: 1e12, maxNetExposure: 1e12, maxConcentration: 1, maxLeverage: 100, maxOrdersPerMinute: 10_000 };

export type Figures = { p50: number; p99: number; samples: number };

/** `warmup` untimed samples, then `runs` runs of `perRun`; the median over runs of each run's p50 and p99. */
export async function measure(once: () => Promise<number>, shape: { runs?: number; perRun?: number; warmup?: number } = {}): Promise<Figures> {
  const { runs: runCount = RUNS, perRun = PER_RUN, warmup = WARMUP } = shape;
  for (let i = 0; i < warmup; i++) await once();
  const runs: number[][] = [];
  for (let r = 0; r < runCount; r++) {
    const samples: number[] = [];
    for (let i = 0; i < perRun; i++) samples.push(await once());
    runs.push(samples);
  }
  return { p50: median(runs.map((r) => percentile(r, 50))), p99: median(runs.map((r) => percentile(r, 99))), samples: runs.reduce((n, r) => n + r.length, 0) };
}

let signalSeq = 0;
export function benchSignal(instrument: Instrument, price: number): Signal {
  signalSeq += 1;
  return {
    id: `bench-${process.pid}-${signalSeq}`,
    strategy: 'bench',
    venue: instrument.venue,
    symbol: instrument.symbol,
    timeframe: '1h',
    time: 0,
    price,
    receivedAt: Date.now(),
    direction: 'long',
    strength: 0.8,
    stop: price * 0.9,
    rationale: 'benchmark',
  };
}

export type ApprovalPath = { readonly db: Database.Database; readonly queue: ApprovalQueue; readonly engine: ExecutionEngine; close(): void };

/** Proposals sized at the instrument's minimum, approved manually, sent through `client`. */
export async function startApprovalPath(client: ExecutionClient, instrument: Instrument, price: number, account: (clock: LiveClock) => TradingAccount): Promise<ApprovalPath> {
  const dir = tempDir('stratus-bench-');
  const db = openDatabase({ path: join(dir.path, 'bench.db') });
  const clock = new LiveClock();
  // As the engine runs it: WAL checkpoints on a timer, off the order path.
  const stopCheckpoints = startWalCheckpoints(db);
  const journal = new SqliteJournal(db);
  const trading = account(clock);
  const engine = new ExecutionEngine({ client, journal, clock, account: trading, listener: { onPosition: (p) => trading.onPosition(p), onBalance: (b) => trading.onBalance(b) } });
  await engine.start();
  const risk = new RiskControl(new RiskEngine({ clock, limits: WIDE_LIMITS }));
  const queue = new ApprovalQueue({
    journal,
    factory: new ProposalFactory({ sizeOrder, sizing: () => ({ sizing: { mode: 'fixed-quantity', quantity: instrument.minQuantity } }), takerFeeRate: 0.00055 }),
    policies: new PolicyStore(new SettingsRepository(db)),
    clock,
    mode: () => 'live',
    instrument: () => instrument,
    account: (_venue, symbol) => trading.snapshot(symbol),
    risk: (intent) => risk.check(intent, trading, price),
    execute: (intent, alongside) => engine.submit(intent, alongside),
    takerFeeRate: 0.00055,
    publish: () => {},
  });
  return {
    db,
    queue,
    engine,
    close: () => {
      engine.stop();
      stopCheckpoints();
      db.close();
      dir.remove();
    },
  };
}
