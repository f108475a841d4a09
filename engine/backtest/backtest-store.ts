import type Database from 'better-sqlite3';
import { z } from 'zod';
import { StoreError } from '../core/errors';
import type { BacktestConfig, OptimizeConfig, WalkForwardConfig } from './backtest-config';
import type { BacktestResult, BacktestSummary } from './backtest-types';
import type { OptimizationResult, OptimizationSummary, WalkForwardResult } from './optimization-types';

/** A stored backtest: the result and the configuration it ran with. */
export type StoredBacktest = BacktestResult & { readonly config: BacktestConfig };

type BacktestRow = { id: string; config: string; summary: string; result: string };
type OptimizationRow = { id: string; kind: 'optimize' | 'walkforward'; state: string; config: string; result: string };

// Enough of each stored view's shape to refuse a row that is not one (a hand-edited or foreign database).
const summaryShape = z.object({ id: z.string(), strategy: z.string(), metrics: z.object({ totalReturn: z.number() }).passthrough() }).passthrough();
const resultShape = z.object({ equity: z.array(z.unknown()), trades: z.array(z.unknown()), byRegime: z.array(z.unknown()) }).passthrough();
const optimizationShape = z.object({ id: z.string(), state: z.string() }).passthrough();

function parse<T>(text: string, shape: z.ZodType, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new StoreError(`stored ${what} is not JSON`, { cause: error });
  }
  const checked = shape.safeParse(value);
  if (!checked.success) throw new StoreError(`stored ${what} has the wrong shape: ${checked.error.issues[0]?.message ?? ''}`);
  return value as T;
}

/** Backtests, optimisations and walk-forward analyses in SQLite (migration 1764345600000_backtests). */
export class BacktestStore {
  constructor(private readonly db: Database.Database) {}

  saveBacktest(result: BacktestResult, config: BacktestConfig): void {
    const { equity, trades, byRegime, ...summary } = result;
    this.db
      .prepare(
        `INSERT OR REPLACE INTO backtests (id, strategy, venue, symbol, timeframe, range_from, range_to, created_at, config, summary, result)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        result.id,
        result.strategy,
        result.venue,
        result.symbol,
        result.timeframe,
        result.from,
        result.to,
        result.createdAt,
        JSON.stringify(config),
        JSON.stringify(summary satisfies BacktestSummary),
        JSON.stringify({ equity, trades, byRegime }),
      );
  }

  backtest(id: string): StoredBacktest | undefined {
    const row = this.db.prepare('SELECT id, config, summary, result FROM backtests WHERE id = ?').get(id) as BacktestRow | undefined;
    if (!row) return undefined;
    const summary = parse<BacktestSummary>(row.summary, summaryShape, `backtest ${id}`);
    const rest = parse<Pick<BacktestResult, 'equity' | 'trades' | 'byRegime'>>(row.result, resultShape, `backtest ${id}`);
    return { ...summary, ...rest, config: JSON.parse(row.config) as BacktestConfig };
  }

  /** Newest first. */
  backtests(limit = 200): BacktestSummary[] {
    const rows = this.db.prepare('SELECT id, summary FROM backtests ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as { id: string; summary: string }[];
    return rows.map((row) => parse<BacktestSummary>(row.summary, summaryShape, `backtest ${row.id}`));
  }

  deleteBacktest(id: string): boolean {
    return this.db.prepare('DELETE FROM backtests WHERE id = ?').run(id).changes > 0;
  }

  saveOptimization(result: OptimizationResult, config: OptimizeConfig): void {
    this.saveAnalysis('optimize', result.id, result, config, result.createdAt);
  }

  saveWalkForward(result: WalkForwardResult, config: WalkForwardConfig): void {
    this.saveAnalysis('walkforward', result.id, result, config, result.createdAt);
  }

  optimization(id: string): OptimizationResult | undefined {
    return this.analysis<OptimizationResult>('optimize', id);
  }

  walkForward(id: string): WalkForwardResult | undefined {
    return this.analysis<WalkForwardResult>('walkforward', id);
  }

  /** Newest first, without the rows. */
  optimizations(limit = 200): OptimizationSummary[] {
    const rows = this.db
      .prepare("SELECT id, kind, state, config, result FROM optimizations WHERE kind = 'optimize' ORDER BY created_at DESC, id DESC LIMIT ?")
      .all(limit) as OptimizationRow[];
    return rows.map((row) => {
      const { rows: _rows, history: _history, parameters: _parameters, ...summary } = parse<OptimizationResult>(row.result, optimizationShape, `optimisation ${row.id}`);
      return summary;
    });
  }

  deleteAnalysis(id: string): boolean {
    return this.db.prepare('DELETE FROM optimizations WHERE id = ?').run(id).changes > 0;
  }

  private saveAnalysis(kind: 'optimize' | 'walkforward', id: string, result: OptimizationResult | WalkForwardResult, config: OptimizeConfig | WalkForwardConfig, createdAt: number): void {
    const base = config.base;
    this.db
      .prepare(
        `INSERT OR REPLACE INTO optimizations (id, kind, strategy, venue, symbol, timeframe, state, created_at, config, result)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, kind, base.strategy, base.venue, base.symbol, base.timeframe, result.state, createdAt, JSON.stringify(config), JSON.stringify(result));
  }

  private analysis<T>(kind: 'optimize' | 'walkforward', id: string): T | undefined {
    const row = this.db.prepare('SELECT id, kind, state, config, result FROM optimizations WHERE id = ? AND kind = ?').get(id, kind) as OptimizationRow | undefined;
    return row ? parse<T>(row.result, optimizationShape, `${kind === 'optimize' ? 'optimisation' : 'walk-forward'} ${id}`) : undefined;
  }
}
