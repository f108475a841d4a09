import { StrategyError } from '../../core/errors';
import { frozenCandles, type FrozenCandles } from '../../model/candle';
import { nextOpenTime } from '../../model/timeframe';
import type { RegimeModel } from '../../regime/regime-model';
import type { StrategyDefinition } from '../../strategy/strategy-api';
import { warmUpOf } from '../../strategy/strategy-definition';
import { resolveParams } from '../../strategy/strategy-params';
import { warmUpWindow } from '../../strategy/strategy-slot';
import type { BacktestConfig, Objective } from '../backtest-config';
import type { BacktestMetrics } from '../backtest-types';
import { runKernel, type KernelRun, type RecordedSignals } from '../simulation/backtest-kernel';
import { runMetrics } from '../simulation/backtest-result';
import type { FitnessComponents, ParamValues } from '../optimization-types';
import { contextOf, modulationOf, trackerOf, type PreparedData } from '../runs/prepared-data';
import { monteCarlo } from '../validation/monte-carlo';
import { fitness } from './fitness';

/** A run's data with what each evaluation reuses: the strategy definition and the bar index by close time. */
export type EvalContext = {
  readonly data: PreparedData;
  readonly definition: StrategyDefinition;
  readonly closeTimes: ReadonlyMap<number, number>;
  readonly openIndex: ReadonlyMap<number, number>;
  /** The bars as frozen candles, made once here (at load) and shared by every run over this data. */
  readonly bars: FrozenCandles;
};

export function evalContext(data: PreparedData, definition: StrategyDefinition): EvalContext {
  const closeTimes = new Map<number, number>();
  const openIndex = new Map<number, number>();
  const { openTime } = data.candles;
  for (let i = 0; i < openTime.length; i++) {
    closeTimes.set(nextOpenTime(data.series.timeframe, openTime[i]!), i);
    openIndex.set(openTime[i]!, i);
  }
  return { data, definition, closeTimes, openIndex, bars: frozenCandles(data.candles) };
}

/** Bars [tradeStart, end) tested; warm-up fed from as far back as the strategy needs (and the data has). */
export type EvalWindow = { readonly tradeStart: number; readonly end: number };

export type Candidate = {
  readonly params: ParamValues;
  readonly objective: number;
  readonly fitness: number;
  readonly components: FitnessComponents;
  readonly metrics: BacktestMetrics;
};

/**
 * A parameter set the strategy itself refused when it was created (sma-cross with fast ≥ slow): the search skips it
 * and counts it instead of failing, since ranges that overlap such a rule are normal.
 */
export type Refused = { readonly params: ParamValues; readonly refused: string };

export type Outcome = Candidate | Refused;

export function isRefused(outcome: Outcome): outcome is Refused {
  return 'refused' in outcome;
}

export type EvalOptions = { readonly objective: Objective; readonly monteCarloRuns: number; readonly seed: number; readonly abort?: AbortSignal };

/** Runs one parameter set over a window of the data. */
export function runWindow(ctx: EvalContext, base: BacktestConfig, params: ParamValues, window: EvalWindow, model?: RegimeModel, abort?: AbortSignal, stress?: { fees: number; slippage: number }, replay?: RecordedSignals, recordSignals = false): Promise<KernelRun> {
  const { data, definition } = ctx;
  const resolved = resolveParams(definition, params);
  const feedFrom = Math.max(0, window.tradeStart - warmUpWindow(warmUpOf(definition, resolved)));
  const config: BacktestConfig = { ...base, params: resolved };
  return runKernel({
    series: data.series,
    instrument: data.instrument,
    config,
    definition,
    candles: data.candles,
    bars: ctx.bars,
    feedFrom,
    tradeStart: window.tradeStart,
    end: window.end,
    regime: trackerOf(data, model, ctx.openIndex),
    modulationFor: modulationOf(data),
    context: contextOf(data, ctx.closeTimes),
    ...(stress ? { stress } : {}),
    ...(abort ? { abort } : {}),
    ...(replay ? { replay } : {}),
    recordSignals,
    orderPath: config.orderPath,
  });
}

function objectiveOf(objective: Objective, value: number, metrics: BacktestMetrics): number {
  switch (objective) {
    case 'fitness':
      return value;
    case 'sharpe':
      return metrics.sharpe;
    case 'sortino':
      return metrics.sortino;
    case 'calmar':
      return metrics.calmar;
    case 'total-return':
      return metrics.totalReturn;
    case 'profit-factor':
      return metrics.profitFactor;
  }
}

/**
 * One candidate of an optimisation: the backtest, the same backtest under stressed costs (fees × 2, slippage × 3),
 * and Monte Carlo reshuffles of its trades, scored by the multi-objective fitness and the chosen objective.
 */
export async function evaluate(ctx: EvalContext, base: BacktestConfig, params: ParamValues, window: EvalWindow, options: EvalOptions, model?: RegimeModel): Promise<Outcome> {
  let run: KernelRun;
  try {
    // Its signals are kept for the stressed re-run below, which then needs no pipeline.
    run = await runWindow(ctx, base, params, window, model, options.abort, undefined, undefined, true);
  } catch (error) {
    if (error instanceof StrategyError) return { params, refused: error.message };
    throw error;
  }
  const metrics = runMetrics(run, ctx.data.periods);
  const stressed = await runWindow(ctx, base, params, window, model, options.abort, { fees: 2, slippage: 3 }, run.recorded);
  const pnl = run.trades.filter((t) => t.exitReason !== 'open').map((t) => t.pnl);
  const mc = options.monteCarloRuns > 0 && pnl.length > 1 ? monteCarlo(pnl, run.startEquity, { runs: options.monteCarloRuns, seed: options.seed, ruinThreshold: 0.5, method: 'shuffle' }).maxDrawdown.p95 : metrics.maxDrawdown;
  const stressedReturn = stressed.bars > 0 ? stressed.equity[stressed.bars - 1]! / stressed.startEquity - 1 : 0;
  const score = fitness({
    startEquity: run.startEquity,
    equity: run.equity,
    regimes: run.regimes,
    metrics,
    stressedReturn,
    monteCarloDrawdown: mc,
    periodsPerYear: ctx.data.periods,
  });
  return { params, objective: objectiveOf(options.objective, score.fitness, metrics), fitness: score.fitness, components: score.components, metrics };
}
