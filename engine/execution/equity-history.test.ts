import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClock } from '../core/clock';
import { parseUnits } from '../core/money';
import { createEngine, type Engine } from '../kernel/create-engine';
import { MONEY_SCALE } from '../model/order';
import { openDatabase } from '../store/database';
import { EquityHistoryRepository } from '../store/repositories/equity-history-repository';
import { tempDir } from '../testing/temp-dir';
import { EquityHistory, INTRADAY_WINDOW_MS } from './equity-history';

const MINUTE = 60_000;
const DAY = 86_400_000;
const t0 = Date.UTC(2026, 0, 5);
const point = (time: number, equity: number) => ({ time, equity: equity.toFixed(2), realizedPnl: '0.00', unrealizedPnl: '0.00' });

describe('equity history in SQLite', () => {
  const dirs: ReturnType<typeof tempDir>[] = [];
  const engines: Engine[] = [];
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.kernel.stop().catch(() => undefined);
    for (const dir of dirs.splice(0)) dir.remove();
  });
  const newPath = (): string => {
    const dir = tempDir();
    dirs.push(dir);
    return join(dir.path, 'stratus.db');
  };

  it('keeps every point of the last two days and each older day\'s close, in memory and on disk, and reads the same back', () => {
    const path = newPath();
    const db = openDatabase({ path });
    const history = new EquityHistory('sim', new EquityHistoryRepository(db), t0);
    // Five days of one point a minute.
    const end = t0 + 5 * DAY;
    for (let t = t0; t < end; t += MINUTE) history.record(point(t, 10_000 + (t - t0) / MINUTE));
    const points = history.points();
    const intraday = points.filter((p) => p.time >= end - MINUTE - INTRADAY_WINDOW_MS);
    expect(intraday).toHaveLength(INTRADAY_WINDOW_MS / MINUTE + 1);
    // Before the window at most one point per day; each day's last point is still its last minute (its close).
    expect(points.length - intraday.length).toBe(3);
    const closesOf = (list: typeof points) => [...new Map(list.map((p) => [Math.floor(p.time / DAY), p] as const)).values()];
    expect(closesOf(points).map((p) => p.time)).toEqual([0, 1, 2, 3, 4].map((d) => t0 + (d + 1) * DAY - MINUTE));
    expect((db.prepare('SELECT COUNT(*) AS n FROM equity_points').get() as { n: number }).n).toBe(intraday.length);
    expect((db.prepare('SELECT COUNT(*) AS n FROM equity_daily').get() as { n: number }).n).toBe(5);
    db.close();

    const again = openDatabase({ path });
    const reloaded = new EquityHistory('sim', new EquityHistoryRepository(again), end).points();
    expect(reloaded.slice(-intraday.length)).toEqual(intraday);
    expect(closesOf(reloaded)).toEqual(closesOf(points));
    // Another account's history is its own.
    expect(new EquityHistory('bybit', new EquityHistoryRepository(again), end).points()).toEqual([]);
    again.close();
  });

  it('VaR / CVaR are computed from the stored daily closes after a restart, with no new day needed', async () => {
    const path = newPath();
    const clock = new TestClock(t0);
    const start = async (): Promise<Engine> => {
      const engine = createEngine({ databasePath: path, host: 'desktop', clock, strategiesDir: null, resumeWatchlist: false });
      engines.push(engine);
      await engine.kernel.start();
      return engine;
    };
    const first = await start();
    expect(first.trading.riskView().valueAtRisk).toBeNull();
    // 22 daily equity points (21 returns, enough for a 95 % VaR); deposits and withdrawals move the paper equity.
    const moves = [1.5, -2, 0.5, -1, 3, -0.5, 0.8, -2.5, 1, -0.3, 0.2, -1.2, 2, -0.7, 0.4, -1.8, 1.1, -0.9, 0.6, -1.4, 0.3];
    first.trading.tick();
    for (const move of moves) {
      clock.advanceBy(DAY);
      const equity = first.trading.paper.portfolio.equity();
      first.trading.paper.portfolio.deposit(parseUnits(((equity * move) / 100).toFixed(8), MONEY_SCALE));
      first.trading.tick();
    }
    const before = first.trading.riskView().valueAtRisk;
    expect(before?.observations).toBe(21);
    await first.kernel.stop();

    clock.advanceBy(MINUTE);
    const second = await start();
    const after = second.trading.riskView().valueAtRisk;
    expect(after?.observations).toBe(21);
    // The same return distribution; the money figures scale with today's equity.
    const equityBefore = Number(first.trading.portfolioView().equity);
    const equityAfter = Number(second.trading.portfolioView().equity);
    expect(after!.var / equityAfter).toBeCloseTo(before!.var / equityBefore, 10);
    expect(after!.cvar / equityAfter).toBeCloseTo(before!.cvar / equityBefore, 10);
    expect(before!.var / equityBefore).toBeCloseTo(0.02, 10);
  });
});
