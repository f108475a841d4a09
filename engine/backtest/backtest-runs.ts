import { ValidationError } from '../core/errors';
import type { SeriesKey } from '../model/candle';
import type { BacktestConfig, OptimizeConfig, WalkForwardConfig } from './backtest-config';
import type { JobContext } from './backtest-jobs';
import type { BacktestServiceDeps } from './backtest-service';
import type { StoredBacktest } from './backtest-store';
import type { BacktestResult } from './backtest-types';
import type { LookaheadReport, MonteCarloReport, OptimizationResult, WalkForwardResult } from './optimization-types';

/** Loads what a run needs from the store and runs backtests, searches and checks. */
export class BacktestRuns {
  private readonly optimizations = new Map<string, OptimizationResult>();
  private readonly walkForwards = new Map<string, WalkForwardResult>();

  constructor(private readonly deps: BacktestServiceDeps) {}

  backtest(_config: BacktestConfig, _job: JobContext): Promise<BacktestResult> {
    return Promise.reject(new ValidationError('backtest.run is not yet available in this build'));
  }

  optimize(_config: OptimizeConfig, _job: JobContext, _save: (result: OptimizationResult) => void): Promise<void> {
    return Promise.reject(new ValidationError('backtest.optimize is not yet available in this build'));
  }

  walkForward(_config: WalkForwardConfig, _job: JobContext, _save: (result: WalkForwardResult) => void): Promise<void> {
    return Promise.reject(new ValidationError('backtest.walkforward is not yet available in this build'));
  }

  liveOptimization(id: string): OptimizationResult | undefined {
    return this.optimizations.get(id);
  }

  liveWalkForward(id: string): WalkForwardResult | undefined {
    return this.walkForwards.get(id);
  }

  monteCarlo(_stored: StoredBacktest, _options: { runs: number; seed: number; ruinThreshold: number }): MonteCarloReport {
    throw new ValidationError('backtest.monteCarlo is not yet available in this build');
  }

  lookahead(_params: SeriesKey & { strategy: string }): LookaheadReport {
    throw new ValidationError('backtest.lookahead is not yet available in this build');
  }
}
