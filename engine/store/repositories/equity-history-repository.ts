import type Database from 'better-sqlite3';
import type { EquityPointView } from '../../execution/execution-views';
import type { EquityHistoryStore } from '../../execution/equity-history';

const DAY_MS = 86_400_000;

type PointRow = { time: number; equity: string; realized_pnl: string; unrealized_pnl: string };

/** Equity histories in SQLite (migration 1764691200000_paper_account.sql): each day's close kept, intraday points pruned as written. */
export class EquityHistoryRepository implements EquityHistoryStore {
  private readonly statements;

  constructor(private readonly db: Database.Database) {
    this.statements = {
      insertPoint: db.prepare(`INSERT OR REPLACE INTO equity_points (venue, time, equity, realized_pnl, unrealized_pnl) VALUES (@venue, @time, @equity, @realized, @unrealized)`),
      upsertDaily: db.prepare(`INSERT INTO equity_daily (venue, day, time, equity, realized_pnl, unrealized_pnl) VALUES (@venue, @day, @time, @equity, @realized, @unrealized)
        ON CONFLICT (venue, day) DO UPDATE SET time = excluded.time, equity = excluded.equity, realized_pnl = excluded.realized_pnl, unrealized_pnl = excluded.unrealized_pnl
        WHERE excluded.time >= equity_daily.time`),
      prune: db.prepare('DELETE FROM equity_points WHERE venue = ? AND time < ?'),
      daily: db.prepare('SELECT time, equity, realized_pnl, unrealized_pnl FROM equity_daily WHERE venue = ? AND time < ? ORDER BY day'),
      points: db.prepare('SELECT time, equity, realized_pnl, unrealized_pnl FROM equity_points WHERE venue = ? AND time >= ? ORDER BY time'),
    };
  }

  load(venue: string, now: number): EquityPointView[] {
    const from = (this.db.prepare('SELECT MIN(time) AS time FROM equity_points WHERE venue = ?').get(venue) as { time: number | null }).time ?? now;
    const daily = this.statements.daily.all(venue, from) as PointRow[];
    const points = this.statements.points.all(venue, from) as PointRow[];
    return [...daily, ...points].map((row) => ({ time: row.time, equity: row.equity, realizedPnl: row.realized_pnl, unrealizedPnl: row.unrealized_pnl }));
  }

  append(venue: string, point: EquityPointView, intradayWindowMs: number): void {
    const row = { venue, time: point.time, equity: point.equity, realized: point.realizedPnl, unrealized: point.unrealizedPnl };
    this.db.transaction(() => {
      this.statements.insertPoint.run(row);
      this.statements.upsertDaily.run({ ...row, day: Math.floor(point.time / DAY_MS) });
      this.statements.prune.run(venue, point.time - intradayWindowMs);
    })();
  }
}
