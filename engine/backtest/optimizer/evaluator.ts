import { availableParallelism } from 'node:os';
import type { RegimeModel } from '../../regime/regime-model';
import type { StrategyDefinition } from '../../strategy/strategy-api';
import type { BacktestConfig, SearchConfig } from '../backtest-config';
import { CancelledError } from '../backtest-jobs';
import type { ParamValues } from '../optimization-types';
import type { PreparedData } from '../runs/prepared-data';
import { evalContext, evaluate, type EvalWindow, type Outcome } from './evaluate';
import { loadableInWorker } from './strategy-loader';
import { WorkerPool } from './worker-pool';

/** Evaluates batches of parameter sets over a window: in worker threads, or on this thread. */
export type Evaluator = {
  readonly threads: number;
  readonly inWorkers: boolean;
  /** Outcomes in the batch's order; `onOutcome` hears each one when it is known (index in the batch). */
  evaluate(batch: readonly ParamValues[], window: EvalWindow, model?: RegimeModel, onOutcome?: (index: number, outcome: Outcome) => void): Promise<Outcome[]>;
  close(): Promise<void>;
};

export type EvaluatorOptions = {
  readonly data: PreparedData;
  readonly definition: StrategyDefinition;
  readonly base: BacktestConfig;
  readonly search: SearchConfig;
  /** The bundled optimiser worker; without it (running from source) evaluation stays on this thread. */
  readonly workerPath?: string;
  readonly workers?: number;
  readonly abort?: AbortSignal;
};

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Worker threads on all cores when the worker is bundled and the strategy can be loaded there (a built-in or a
 * user file); otherwise this thread, handing the event loop back after every parameter set.
 */
export function createEvaluator(options: EvaluatorOptions): Evaluator {
  const { data, definition, base, search } = options;
  const evalOptions = { objective: search.objective, monteCarloRuns: search.monteCarloRuns, seed: search.seed };
  const threads = Math.max(1, options.workers ?? availableParallelism());
  if (options.workerPath && loadableInWorker(data.strategy)) {
    const pool = new WorkerPool(options.workerPath, { data, base, options: evalOptions }, threads);
    return {
      threads,
      inWorkers: true,
      evaluate: (batch, window, model, onOutcome) => pool.evaluate(batch, window, model, onOutcome),
      close: () => pool.close(),
    };
  }
  const ctx = evalContext(data, definition);
  return {
    threads: 1,
    inWorkers: false,
    evaluate: async (batch, window, model, onOutcome) => {
      const out: Outcome[] = [];
      for (const params of batch) {
        if (options.abort?.aborted) throw new CancelledError('optimisation');
        const outcome = await evaluate(ctx, base, params, window, { ...evalOptions, ...(options.abort ? { abort: options.abort } : {}) }, model);
        out.push(outcome);
        onOutcome?.(out.length - 1, outcome);
        await yieldToLoop();
      }
      return out;
    },
    close: () => Promise.resolve(),
  };
}
