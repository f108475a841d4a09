import { BaumWelch } from './baum-welch';
import type { GaussianHmm, HmmObservations } from './gaussian-hmm';
import { kmeansInit } from './kmeans-init';

export type HmmFitOptions = {
  readonly states: number;
  /** Fits from this seed are identical; restart r uses seed + r. */
  readonly seed?: number;
  /** Independent starts; the one with the best log-likelihood after a short EM is run to convergence. */
  readonly restarts?: number;
  readonly maxIterations?: number;
  /** Iterations each restart runs before the best one is continued alone. */
  readonly shortIterations?: number;
  /** Stop when the log-likelihood per observation improves by less than this. */
  readonly tolerance?: number;
  /** Smallest variance a state may have (features are standardised, so 1 is the data's variance). */
  readonly varianceFloor?: number;
  /** Called after every iteration; may be used to report progress. */
  readonly onIteration?: (progress: HmmFitProgress) => void;
  /** Resolves between iterations so a long fit never holds the event loop for more than one iteration. */
  readonly yieldEvery?: () => Promise<void>;
};

export type HmmFitProgress = { readonly restart: number; readonly restarts: number; readonly iteration: number; readonly logLikelihood: number };

export type HmmFit = {
  readonly model: GaussianHmm;
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly converged: boolean;
  /** Bayesian information criterion: −2·logL + p·ln(T), p the number of free parameters. */
  readonly bic: number;
  readonly restart: number;
  /** Log-likelihood of each restart after its short EM. */
  readonly restartLogLikelihoods: readonly number[];
};

export const HMM_FIT_DEFAULTS = { seed: 1, restarts: 3, shortIterations: 10, maxIterations: 200, tolerance: 1e-6, varianceFloor: 1e-3 } as const;

/**
 * Fits a Gaussian HMM by Baum–Welch from a few seeded k-means++ starts and keeps the best. The returned
 * model is the one whose log-likelihood is reported (the E-step that found convergence ran on it).
 */
export async function fitHmm(data: HmmObservations, options: HmmFitOptions): Promise<HmmFit> {
  const { states } = options;
  const seed = options.seed ?? HMM_FIT_DEFAULTS.seed;
  const restarts = options.restarts ?? HMM_FIT_DEFAULTS.restarts;
  const maxIterations = options.maxIterations ?? HMM_FIT_DEFAULTS.maxIterations;
  const tolerance = options.tolerance ?? HMM_FIT_DEFAULTS.tolerance;
  const varianceFloor = options.varianceFloor ?? HMM_FIT_DEFAULTS.varianceFloor;
  if (!Number.isInteger(states) || states < 1) throw new Error('states must be a positive integer');
  if (!Number.isInteger(restarts) || restarts < 1) throw new Error('restarts must be a positive integer');
  const workspace = new BaumWelch(data, states);
  const length = workspace.length;
  const restartLogLikelihoods: number[] = [];
  const shortIterations = options.shortIterations ?? HMM_FIT_DEFAULTS.shortIterations;

  /** EM from `model` for at most `budget` iterations; `done` iterations were run on it before. */
  const runEm = async (from: GaussianHmm, budget: number, restart: number, done: number) => {
    let model = from;
    let previous = Number.NEGATIVE_INFINITY;
    let logLikelihood = Number.NEGATIVE_INFINITY;
    let iterations = done;
    let converged = false;
    for (;;) {
      logLikelihood = workspace.expectation(model);
      options.onIteration?.({ restart, restarts, iteration: iterations, logLikelihood });
      if ((logLikelihood - previous) / length < tolerance) {
        converged = true;
        break;
      }
      if (iterations - done >= budget) break;
      previous = logLikelihood;
      model = workspace.maximisation(model, varianceFloor);
      iterations++;
      if (options.yieldEvery) await options.yieldEvery();
    }
    return { model, logLikelihood, iterations, converged };
  };
  // Every restart runs a short EM; only the best of them runs on to convergence (EM's early
  // log-likelihood ranks starting points well, and it costs a fraction of running them all out).
  const candidates: { model: GaussianHmm; logLikelihood: number; iterations: number; restart: number; converged: boolean }[] = [];
  for (let restart = 0; restart < restarts; restart++) {
    const start = kmeansInit(data, states, seed + restart, varianceFloor);
    if (options.yieldEvery) await options.yieldEvery();
    const run = await runEm(start, restarts > 1 ? shortIterations : maxIterations, restart, 0);
    restartLogLikelihoods.push(run.logLikelihood);
    candidates.push({ ...run, restart });
  }
  const leader = candidates.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a));
  const best =
    leader.converged || leader.iterations >= maxIterations
      ? leader
      : { ...(await runEm(leader.model, maxIterations - leader.iterations, leader.restart, leader.iterations)), restart: leader.restart };
  const dims = data.dims;
  const parameters = states - 1 + states * (states - 1) + 2 * states * dims;
  return { ...best, bic: -2 * best.logLikelihood + parameters * Math.log(length), restartLogLikelihoods };
}
