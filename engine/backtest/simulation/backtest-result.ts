import type { SeriesKey } from '../../model/candle';
import type { Timeframe } from '../../model/timeframe';
import type { BacktestConfig } from '../backtest-config';
import type { BacktestMetrics, BacktestResult } from '../backtest-types';
import { periodsPerYear } from '../metrics/annualisation';
import { computeMetrics } from '../metrics/compute-metrics';
import { drawdownStats } from '../metrics/drawdown';
import { equityCurve } from '../metrics/equity-curve';
import { regimeBreakdown } from '../metrics/regime-breakdown';
import type { KernelRun } from './backtest-kernel';

/** Annualisation basis of a series: a stock instrument trades 252 days a year, everything else around the clock. */
export function annualBasis(timeframe: Timeframe, kind: string): number {
  return periodsPerYear(timeframe, kind === 'stock' ? 'stock' : 'crypto');
}

export function runMetrics(run: KernelRun, periods: number): BacktestMetrics {
  return computeMetrics({
    startEquity: run.startEquity,
    equity: run.equity,
    times: run.times,
    startTime: run.startTime,
    trades: run.trades,
    exposedBars: run.exposedBars,
    firstOpen: run.firstOpen,
    lastClose: run.lastClose,
    fees: run.fees,
    periodsPerYear: periods,
  });
}

/** The stored and API view of a run. */
export function backtestResult(id: string, createdAt: number, config: BacktestConfig, series: SeriesKey, run: KernelRun, periods: number): BacktestResult {
  const drawdown = new Float64Array(run.bars);
  drawdownStats(run.equity, run.times, drawdown);
  return {
    id,
    strategy: config.strategy,
    params: config.params,
    venue: series.venue,
    symbol: series.symbol,
    timeframe: series.timeframe,
    from: run.startTime,
    to: run.lastOpen,
    createdAt,
    metrics: runMetrics(run, periods),
    equity: equityCurve(run.times, run.equity, drawdown),
    trades: run.trades,
    byRegime: regimeBreakdown(run.regimes, run.equity, run.startEquity, run.trades),
  };
}
