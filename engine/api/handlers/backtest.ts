import { z } from 'zod';
import {
  backtestConfigSchema,
  optimizeConfigSchema,
  strategyNameSchema,
  paramsSchema,
  walkForwardConfigSchema,
} from '../../backtest/backtest-config';
import type { BacktestService } from '../../backtest/backtest-service';
import { defineHandler } from '../define-handler';
import { seriesKeySchema } from '../schemas';

export type BacktestDeps = { readonly backtests: BacktestService };

const id = z.string().min(1).max(64);
const time = z.number().int().nonnegative();

/**
 * The backtest lab's API. Long work (a backtest, an optimisation, a walk-forward) answers at once with a job
 * (`BacktestProgress`, whose `jobId` is also the id of the stored result) and reports on the
 * `backtest.progress` stream; the result is read with `backtest.get`, `backtest.optimization` or
 * `backtest.walkforwardResult` once the job is done.
 */
export function createBacktestHandlers({ backtests }: BacktestDeps) {
  return {
    /** Starts a backtest of one strategy configuration over a stored series. */
    'backtest.run': defineHandler(backtestConfigSchema, (config) => backtests.run(config)),

    /** A finished backtest: metrics, equity curve, trades, per-regime breakdown, and the configuration it ran with. */
    'backtest.get': defineHandler(z.object({ id }).strict(), ({ id }) => backtests.get(id)),

    /** Stored backtests, newest first, without their curves and trades. */
    'backtest.list': defineHandler(z.object({ limit: z.number().int().positive().max(1_000).default(200) }).strict(), ({ limit }) => backtests.list(limit)),

    'backtest.delete': defineHandler(z.object({ id }).strict(), ({ id }) => backtests.delete(id)),

    /** Starts a grid or genetic search over parameter ranges. */
    'backtest.optimize': defineHandler(optimizeConfigSchema, (config) => backtests.optimize(config)),

    /** An optimisation's results table (best first), while running or finished. */
    'backtest.optimization': defineHandler(z.object({ id }).strict(), ({ id }) => backtests.optimization(id)),

    /** Stored optimisations, newest first, without their rows. */
    'backtest.optimizations': defineHandler(z.object({}).strict(), () => backtests.optimizations()),

    /** Starts a walk-forward analysis (rolling or anchored windows, optimised in-sample, tested out-of-sample). */
    'backtest.walkforward': defineHandler(walkForwardConfigSchema, (config) => backtests.walkForward(config)),

    'backtest.walkforwardResult': defineHandler(z.object({ id }).strict(), ({ id }) => backtests.walkForwardResult(id)),

    /** Cancels a running job; what it finished is kept. */
    'backtest.cancel': defineHandler(z.object({ jobId: id }).strict(), ({ jobId }) => backtests.cancel(jobId)),

    /** Jobs of this engine's session, newest first (running and recently finished). */
    'backtest.jobs': defineHandler(z.object({}).strict(), () => backtests.jobList()),

    /** Monte Carlo over a stored backtest's trades: drawdown distribution and probability of ruin. */
    'backtest.monteCarlo': defineHandler(
      z
        .object({
          id,
          runs: z.number().int().min(10).max(100_000).default(1_000),
          seed: z.number().int().nonnegative().max(2 ** 31 - 1).default(1),
          ruinThreshold: z.number().min(0).max(0.99).default(0.5),
        })
        .strict(),
      (params) => backtests.monteCarlo(params),
    ),

    /** Re-runs a strategy with the data cut at each signal and reports any signal or indicator that changes. */
    'backtest.lookahead': defineHandler(
      seriesKeySchema
        .extend({ strategy: strategyNameSchema, params: paramsSchema.default({}), from: time.optional(), to: time.optional(), cuts: z.number().int().min(1).max(2_000).default(200) })
        .strict(),
      (params) => backtests.lookahead(params),
    ),
  };
}

export type BacktestHandlers = ReturnType<typeof createBacktestHandlers>;
