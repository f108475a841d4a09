import type { RegimeModel } from '../../regime/regime-model';
import type { StrategyDefinition } from '../../strategy/strategy-api';
import type { OptimizeConfig, ParameterRange, SearchConfig } from '../backtest-config';
import { CancelledError, type JobContext } from '../backtest-jobs';
import type { OptimizationResult, OptimizationRow, ParamValues } from '../optimization-types';
import type { PreparedData } from '../runs/prepared-data';
import type { EvalWindow } from './evaluate';
import { createEvaluator, type Evaluator } from './evaluator';
import { dimensions, gridSize } from './parameter-space';
import { geneticSearch, gridSearch, type BatchEvaluator, type Evaluated, type SearchOutcome } from './search';
import { errorMessage } from '../../core/errors';

/** The rows kept in a result: the best ones (a large grid would otherwise store every combination). */
export const MAX_ROWS = 2_000;

/** Parameter sets at the ends of each numeric range, for sizing the warm-up the largest of them needs. */
export function rangeCorners(ranges: readonly ParameterRange[]): ParamValues[] {
  const max: Record<string, number | string | boolean> = {};
  for (const r of ranges) {
    if ('values' in r) {
      const numbers = r.values.filter((v): v is number => typeof v === 'number');
      if (numbers.length > 0) max[r.name] = Math.max(...numbers);
    } else max[r.name] = r.max;
  }
  return [max];
}

export function toRows(rows: readonly Evaluated[]): OptimizationRow[] {
  return rows.slice(0, MAX_ROWS).map((r, i) => ({
    rank: i + 1,
    params: r.params,
    objective: r.objective,
    fitness: r.fitness,
    components: r.components,
    metrics: r.metrics,
    generation: r.generation,
  }));
}

/** Runs the configured search over one window of the data with an evaluator. */
export function searchWindow(
  definition: StrategyDefinition,
  fixed: ParamValues,
  search: SearchConfig,
  evaluator: Evaluator,
  window: EvalWindow,
  model: RegimeModel | undefined,
  onProgress: (done: number, total: number, rows: readonly Evaluated[]) => void,
  abort?: AbortSignal,
): Promise<SearchOutcome> {
  const dims = dimensions(search.ranges, definition.parameters, definition.name);
  const evaluate: BatchEvaluator = (batch, onOutcome) => evaluator.evaluate(batch, window, model, onOutcome);
  const report = (p: { done: number; total: number; rows: readonly Evaluated[] }) => onProgress(p.done, p.total, p.rows);
  return search.method === 'grid'
    ? gridSearch(dims, fixed, search, evaluate, evaluator.threads * 32, report, abort)
    : geneticSearch(dims, fixed, search, evaluate, report, abort);
}

/** Work units of a search, for progress: grid combinations, or population × generations. */
export function searchTotal(definition: StrategyDefinition, search: SearchConfig): number {
  return search.method === 'grid' ? gridSize(dimensions(search.ranges, definition.parameters, definition.name)) : search.population * search.generations;
}

export type OptimiseOptions = {
  readonly id: string;
  readonly createdAt: number;
  readonly config: OptimizeConfig;
  readonly data: PreparedData;
  readonly definition: StrategyDefinition;
  readonly workerPath?: string;
  readonly workers?: number;
  readonly job: JobContext;
  readonly window: EvalWindow;
  /** The result so far, after each batch or generation (the API's view of a running optimisation). */
  readonly publish: (result: OptimizationResult) => void;
  /** The final result: done, cancelled (what was finished) or failed. */
  readonly save: (result: OptimizationResult) => void;
};

/** An optimisation job: search, progress, the results table, and the stored result however it ends. */
export async function optimise(options: OptimiseOptions): Promise<OptimizationResult> {
  const { config, data, definition, job } = options;
  const { base, search } = config;
  const started = Date.now();
  const dims = dimensions(search.ranges, definition.parameters, definition.name);
  const total = searchTotal(definition, search);
  const window = options.window;
  const head = {
    id: options.id,
    strategy: base.strategy,
    venue: base.venue,
    symbol: base.symbol,
    timeframe: base.timeframe,
    from: data.candles.openTime[window.tradeStart]!,
    to: data.candles.openTime[window.end - 1]!,
    method: search.method,
    objective: search.objective,
    seed: search.seed,
    createdAt: options.createdAt,
    parameters: dims.map((d) => d.name),
  };
  let latest: Evaluated[] = [];
  const view = (state: OptimizationResult['state'], rows: readonly Evaluated[], history: number[], message?: string): OptimizationResult => {
    const table = toRows(rows);
    return {
      ...head,
      evaluations: rows.length,
      state,
      ...(message ? { message } : {}),
      elapsedMs: Date.now() - started,
      ...(table[0] ? { best: table[0] } : {}),
      rows: table,
      history,
    };
  };
  const evaluator = createEvaluator({ data, definition, base, search, workerPath: options.workerPath, workers: options.workers, abort: job.signal });
  try {
    const outcome = await searchWindow(definition, base.params, search, evaluator, window, data.regimeModel, (done, _total, rows) => {
      latest = [...rows];
      job.progress(done, total, `${rows.length} evaluated, best ${rows[0]?.objective.toFixed(4) ?? '-'}`);
      options.publish(view('running', rows, []));
    }, job.signal);
    const refusal = outcome.refused.count > 0 ? `${outcome.refused.count} parameter sets refused by ${definition.name}: ${outcome.refused.first ?? ''}` : undefined;
    const message = [outcome.message, refusal].filter(Boolean).join('; ') || undefined;
    const result = { ...view('done', outcome.rows, outcome.history, message), ...(outcome.refused.count > 0 ? { refused: outcome.refused.count } : {}) };
    options.save(result);
    return result;
  } catch (error) {
    const cancelled = error instanceof CancelledError || job.signal.aborted;
    const result = view(cancelled ? 'cancelled' : 'failed', latest, [], cancelled ? 'cancelled' : errorMessage(error));
    options.save(result);
    throw error;
  } finally {
    await evaluator.close();
  }
}
