import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClock } from '../core/clock';
import { createEngine } from '../kernel/create-engine';
import { openDatabase } from '../store/database';
import { InstrumentRepository } from '../store/repositories/instrument-repository';
import { SettingsRepository } from '../store/repositories/settings-repository';
import { tempDir } from '../testing/temp-dir';
import { BYBIT_BTC_PERP } from '../testing/trading-serve';
import { registerPaperCommands } from './paper-commands';

const t0 = Date.UTC(2026, 0, 5);
const MINUTE = 60_000;
const series = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' } as const;

describe('stratus paper reset', () => {
  let dir: ReturnType<typeof tempDir>;
  let path: string;
  let clock: TestClock;
  beforeEach(() => {
    dir = tempDir('stratus-paper-cli-');
    path = join(dir.path, 'stratus.db');
    clock = new TestClock(t0);
  });
  afterEach(() => dir.remove());

  /** A profile whose engine bought BTC on paper (a stop and a target resting) and was stopped. */
  async function tradedProfile(): Promise<void> {
    const engine = createEngine({ databasePath: path, host: 'cli', clock, strategiesDir: null, resumeWatchlist: false, log: () => undefined });
    await engine.kernel.start();
    new InstrumentRepository(engine.db).upsertMany([BYBIT_BTC_PERP]);
    clock.advanceTo(t0 + MINUTE);
    engine.candles.append(series, [{ openTime: t0, open: 50_000, high: 50_000, low: 50_000, close: 50_000, volume: 1 }]);
    const proposal = await engine.trading.queue.onSignal({ id: 's1', strategy: 'test', venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m', time: t0, price: 50_000, receivedAt: clock.now(), direction: 'long', strength: 1, stop: 48_000, target: 55_000, rationale: 'test' });
    await engine.trading.queue.approve(proposal!.id, { kind: 'trader', via: 'cli' });
    clock.advanceTo(t0 + 2 * MINUTE);
    engine.candles.append(series, [{ openTime: t0 + MINUTE, open: 50_000, high: 50_100, low: 49_900, close: 50_050, volume: 1 }]);
    expect(engine.trading.paper.portfolio.quantity('BTCUSDT')).toBeGreaterThan(0n);
    await engine.kernel.stop();
  }

  async function run(args: string[]): Promise<string> {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    const program = new Command().exitOverride();
    registerPaperCommands(program, { stdout, clock });
    await program.parseAsync(['node', 'stratus', ...args, '--db', path]);
    return Buffer.concat(chunks).toString('utf8');
  }

  it('resets a stopped profile to the given balance, says what went, and the engine starts from it', async () => {
    await tradedProfile();
    clock.advanceBy(MINUTE);
    const said = await run(['paper', 'reset', '--balance', '2500.5']);
    expect(said).toMatch(/^paper account reset to 2500\.50 USDT \(was equity 10000\.20, realized PnL -0\.25; 1 position\(s\) dropped, 2 order\(s\) cancelled, 0 proposal\(s\) expired; 1 fill\(s\) and the equity curve archived as reset #1\)\n$/);

    const engine = createEngine({ databasePath: path, host: 'cli', clock, strategiesDir: null, resumeWatchlist: false, log: () => undefined });
    await engine.kernel.start();
    try {
      expect(engine.trading.paper.portfolio.quantity('BTCUSDT')).toBe(0n);
      expect(engine.trading.portfolioView()).toMatchObject({ equity: '2500.50000000', positions: [] });
      expect(await engine.trading.paper.fetchOpenOrders()).toEqual([]);
      expect(engine.trading.queue.auditLog({ limit: 10 }).find((e) => e.action === 'paper-reset')?.actor).toEqual({ kind: 'trader', via: 'cli' });
    } finally {
      await engine.kernel.stop();
    }
  });

  it('refuses an amount that is not one, or out of range, before touching the profile', async () => {
    await tradedProfile();
    await expect(run(['paper', 'reset', '--balance', 'lots'])).rejects.toThrow(/--balance "lots" is not an amount/);
    await expect(run(['paper', 'reset', '--balance', '-10'])).rejects.toThrow(/not an amount/);
    await expect(run(['paper', 'reset', '--balance', '0.5'])).rejects.toThrow(/at least 1/);
    await expect(run(['paper', 'reset', '--balance', '10.123'])).rejects.toThrow(/two decimals/);
    const db = openDatabase({ path });
    try {
      expect((db.prepare('SELECT COUNT(*) AS n FROM paper_resets').get() as { n: number }).n).toBe(0);
      expect((db.prepare("SELECT COUNT(*) AS n FROM paper_fills WHERE venue = 'sim'").get() as { n: number }).n).toBe(1);
    } finally {
      db.close();
    }
  });

  it('refuses a profile whose engine was last trading live', async () => {
    await tradedProfile();
    const db = openDatabase({ path });
    new SettingsRepository(db).set('execution.mode', { mode: 'live', at: clock.now() }, clock.now());
    db.close();
    await expect(run(['paper', 'reset'])).rejects.toThrow(/last trading live/);
  });
});
