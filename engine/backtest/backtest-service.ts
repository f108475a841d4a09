import type { Clock } from '../core/clock';
import { NotFoundError } from '../core/errors';
import type { MessageBus } from '../core/message-bus';
import type { CandleColumns, SeriesKey } from '../model/candle';
import type { Instrument } from '../model/instrument';
import type { RegimeState } from '../model/regime';
import type { ContextProviders, ModulationFor } from '../strategy/series-pipeline';
import type { StrategyDefinition } from '../strategy/strategy-api';
import type { BacktestConfig, OptimizeConfig, WalkForwardConfig } from './backtest-config';
import { BacktestJobs } from './backtest-jobs';
import type { BacktestStore, StoredBacktest } from './backtest-store';
import type { BacktestProgress, BacktestSummary } from './backtest-types';
import type { LookaheadReport, MonteCarloReport, OptimizationResult, OptimizationSummary, WalkForwardResult } from './optimization-types';
import { BacktestRuns } from './backtest-runs';

export type BacktestServiceDeps = {
  readonly candles: { range(key: SeriesKey, range?: { from?: number; to?: number; limit?: number }): CandleColumns };
  readonly instruments: { get(venue: string, symbol: string): Instrument | undefined };
  readonly strategies: { get(name: string): { readonly definition: StrategyDefinition; readonly file?: string } };
  readonly store: BacktestStore;
  /** The regime states the engine stored for a series, per bar of `candles` (for `regime: { mode: 'stored' }`). */
  readonly storedRegimes?: (series: SeriesKey, candles: CandleColumns) => (RegimeState | undefined)[];
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly log: (message: string, error?: unknown) => void;
  /** Sentiment and flow as known at each bar's close (stored with their arrival times). */
  readonly context?: ContextProviders;
  readonly modulationFor?: ModulationFor;
  /** The optimiser's worker bundled beside the engine; without it optimisations run on this thread. */
  readonly workerPath?: string;
  readonly workers?: number;
};

/**
 * The backtest lab behind the API and the CLI: starts backtests, optimisations and walk-forward analyses
 * as jobs, stores what they produce, and answers for stored results.
 */
export class BacktestService {
  readonly jobs: BacktestJobs;
  private readonly runs: BacktestRuns;

  constructor(private readonly deps: BacktestServiceDeps) {
    this.jobs = new BacktestJobs(deps.bus, deps.clock, deps.log);
    this.runs = new BacktestRuns(deps);
  }

  run(config: BacktestConfig): BacktestProgress {
    return this.jobs.start('backtest', async (job) => {
      const result = await this.runs.backtest(config, job);
      this.deps.store.saveBacktest(result, config);
    });
  }

  get(id: string): StoredBacktest {
    const found = this.deps.store.backtest(id);
    if (!found) throw new NotFoundError(this.missing('backtest', id));
    return found;
  }

  list(limit = 200): BacktestSummary[] {
    return this.deps.store.backtests(limit);
  }

  delete(id: string): { deleted: string } {
    if (!this.deps.store.deleteBacktest(id)) throw new NotFoundError(`no backtest ${id}`);
    return { deleted: id };
  }

  optimize(config: OptimizeConfig): BacktestProgress {
    return this.jobs.start('optimize', (job) => this.runs.optimize(config, job, (result) => this.deps.store.saveOptimization(result, config)));
  }

  optimization(id: string): OptimizationResult {
    const found = this.runs.liveOptimization(id) ?? this.deps.store.optimization(id);
    if (!found) throw new NotFoundError(this.missing('optimisation', id));
    return found;
  }

  optimizations(): OptimizationSummary[] {
    return this.deps.store.optimizations();
  }

  walkForward(config: WalkForwardConfig): BacktestProgress {
    return this.jobs.start('walkforward', (job) => this.runs.walkForward(config, job, (result) => this.deps.store.saveWalkForward(result, config)));
  }

  walkForwardResult(id: string): WalkForwardResult {
    const found = this.runs.liveWalkForward(id) ?? this.deps.store.walkForward(id);
    if (!found) throw new NotFoundError(this.missing('walk-forward', id));
    return found;
  }

  cancel(jobId: string): BacktestProgress {
    return this.jobs.cancel(jobId);
  }

  jobList(): BacktestProgress[] {
    return this.jobs.list();
  }

  monteCarlo(params: { id: string; runs: number; seed: number; ruinThreshold: number }): MonteCarloReport {
    return this.runs.monteCarlo(this.get(params.id), params);
  }

  lookahead(params: SeriesKey & { strategy: string; params: Record<string, number | string | boolean>; from?: number; to?: number; cuts: number }): Promise<LookaheadReport> {
    return this.runs.lookahead(params);
  }

  stop(): Promise<void> {
    return this.jobs.stop();
  }

  private missing(what: string, id: string): string {
    const job = this.jobs.get(id);
    if (job?.state === 'running') return `${what} ${id} is still running (${job.done} of ${job.total})`;
    if (job?.state === 'failed') return `${what} ${id} failed: ${job.message ?? 'see the engine log'}`;
    if (job?.state === 'cancelled') return `${what} ${id} was cancelled before it finished`;
    return `no ${what} ${id}`;
  }
}
