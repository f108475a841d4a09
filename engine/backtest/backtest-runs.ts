import { ValidationError } from '../core/errors';
import { candleAt, type SeriesKey } from '../model/candle';
import type { StrategyDefinition } from '../strategy/strategy-api';
import type { BacktestConfig, OptimizeConfig, WalkForwardConfig } from './backtest-config';
import type { JobContext } from './backtest-jobs';
import type { BacktestServiceDeps } from './backtest-service';
import type { StoredBacktest } from './backtest-store';
import type { BacktestResult } from './backtest-types';
import { runKernel } from './simulation/backtest-kernel';
import { backtestResult } from './simulation/backtest-result';
import { evalContext } from './optimizer/evaluate';
import { optimise, rangeCorners } from './optimizer/optimise';
import { dimensions } from './optimizer/parameter-space';
import type { LookaheadReport, MonteCarloReport, OptimizationResult, WalkForwardResult } from './optimization-types';
import { loadData } from './runs/load-data';
import { contextOf, modulationOf, trackerOf, type PreparedData } from './runs/prepared-data';
import { walkForward } from './runs/walk-forward-run';
import { lookaheadCheck } from './validation/lookahead-check';
import { monteCarlo } from './validation/monte-carlo';

/** The lookahead check re-runs the strategy once per cut: this bounds cuts × bars for one call. */
const LOOKAHEAD_BUDGET = 40_000_000;

/** Loads what a run needs from the store and runs backtests, searches and checks. */
export class BacktestRuns {
  private readonly optimizations = new Map<string, OptimizationResult>();
  private readonly walkForwards = new Map<string, WalkForwardResult>();

  constructor(private readonly deps: BacktestServiceDeps) {}

  async backtest(config: BacktestConfig, job: JobContext): Promise<BacktestResult> {
    const { data, definition, params } = await loadData(this.deps, config);
    const ctx = evalContext(data, definition);
    const resolved: BacktestConfig = { ...config, params };
    const run = await runKernel({
      series: data.series,
      instrument: data.instrument,
      config: resolved,
      definition,
      candles: data.candles,
      bars: ctx.bars,
      tradeStart: data.tradeStart,
      regime: trackerOf(data, data.regimeModel, ctx.openIndex),
      modulationFor: modulationOf(data),
      context: contextOf(data, ctx.closeTimes),
      abort: job.signal,
      onProgress: (done, total) => job.progress(done, total),
      orderPath: config.orderPath,
    });
    if (run.errors.length > 0) throw new ValidationError(`the strategy stopped on an error: ${run.errors[0]!.message}`);
    return backtestResult(job.id, this.deps.clock.now(), resolved, data.series, run, data.periods);
  }

  async optimize(config: OptimizeConfig, job: JobContext, save: (result: OptimizationResult) => void): Promise<void> {
    this.checkRanges(config);
    const { data, definition } = await loadData(this.deps, config.base, rangeCorners(config.search.ranges));
    await optimise({
      ...this.jobOptions(config, job, data, definition, this.optimizations, save),
      window: { tradeStart: data.tradeStart, end: data.candles.openTime.length },
    });
  }

  async walkForward(config: WalkForwardConfig, job: JobContext, save: (result: WalkForwardResult) => void): Promise<void> {
    this.checkRanges(config);
    // A regime model is fitted on each in-sample window, not once before the test.
    const base = config.base.regime.mode === 'fit-before' ? { ...config.base, regime: { mode: 'none' as const } } : config.base;
    const { data, definition } = await loadData(this.deps, base, rangeCorners(config.search.ranges));
    await walkForward(this.jobOptions(config, job, data, definition, this.walkForwards, save));
  }

  /** What an optimisation and a walk-forward job share: the data, the workers, and a live view until it is stored. */
  private jobOptions<C extends OptimizeConfig | WalkForwardConfig, R>(config: C, job: JobContext, data: PreparedData, definition: StrategyDefinition, live: Map<string, R>, save: (result: R) => void) {
    return {
      id: job.id,
      createdAt: this.deps.clock.now(),
      config,
      data,
      definition,
      workerPath: this.deps.workerPath,
      workers: config.search.workers ?? this.deps.workers,
      job,
      publish: (result: R) => live.set(job.id, result),
      save: (result: R) => {
        save(result);
        live.delete(job.id);
      },
    };
  }

  /** The ranges name the strategy's parameters and stay within their limits (checked before any data is read). */
  private checkRanges(config: OptimizeConfig | WalkForwardConfig): void {
    const { definition } = this.deps.strategies.get(config.base.strategy);
    dimensions(config.search.ranges, definition.parameters, definition.name);
  }

  liveOptimization(id: string): OptimizationResult | undefined {
    return this.optimizations.get(id);
  }

  liveWalkForward(id: string): WalkForwardResult | undefined {
    return this.walkForwards.get(id);
  }

  monteCarlo(stored: StoredBacktest, options: { runs: number; seed: number; ruinThreshold: number }): MonteCarloReport {
    const pnl = stored.trades.filter((t) => t.exitReason !== 'open').map((t) => t.pnl);
    if (pnl.length < 2) throw new ValidationError(`backtest ${stored.id} has ${pnl.length} closed trade${pnl.length === 1 ? '' : 's'}; Monte Carlo needs at least 2`);
    return monteCarlo(pnl, stored.metrics.startEquity, options);
  }

  async lookahead(params: SeriesKey & { strategy: string; params: Record<string, number | string | boolean>; from?: number; to?: number; cuts: number }): Promise<LookaheadReport> {
    const { definition } = this.deps.strategies.get(params.strategy);
    const series: SeriesKey = { venue: params.venue, symbol: params.symbol, timeframe: params.timeframe };
    const columns = this.deps.candles.range(series, { from: params.from, to: params.to });
    const bars = columns.openTime.length;
    if (bars === 0) throw new ValidationError(`no stored candles for ${series.venue} ${series.symbol} ${series.timeframe} in the range asked for`);
    if (bars * params.cuts > LOOKAHEAD_BUDGET) {
      throw new ValidationError(`${bars.toLocaleString('en-US')} bars × ${params.cuts} cuts is too much for one check; use at most ${Math.floor(LOOKAHEAD_BUDGET / bars)} cuts or a shorter range`);
    }
    const candles = Array.from({ length: bars }, (_, i) => candleAt(columns, i));
    const strategy: StrategyDefinition = definition;
    return lookaheadCheck({
      series,
      candles,
      cuts: params.cuts,
      build: () => ({ definition: strategy, params: params.params, ...(this.deps.context ? { context: this.deps.context } : {}), ...(this.deps.modulationFor ? { modulationFor: this.deps.modulationFor } : {}) }),
    });
  }
}
