import { BaumWelch } from './baum-welch';
import type { GaussianHmm, HmmObservations } from './gaussian-hmm';
import { kmeansInit } from './kmeans-init';

export type HmmFitOptions = {
  readonly states: number;
  /** Fits from this seed are identical; restart r uses seed + r. */
  readonly seed?: number;
  /** Independent starts; the one with the best log-likelihood wins. */
  readonly restarts?: number;
  readonly maxIterations?: number;
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
  readonly restartLogLikelihoods: readonly number[];
};

export const HMM_FIT_DEFAULTS = { seed: 1, restarts: 3, maxIterations: 200, tolerance: 1e-6, varianceFloor: 1e-3 } as const;

/**
 * Fits a Gaussian HMM by Baum–Welch from a few seeded k-means++ starts and keeps the best. The returned
 * model is the one whose log-likelihood is reported (the E-step that found convergence ran on it).
 */
export async function fitHmm(data: HmmObservations, options: HmmFitOptions): Promise<HmmFit> {
  const settings = { ...HMM_FIT_DEFAULTS, ...withoutUndefined(options) };
  const { states, restarts, maxIterations, tolerance, varianceFloor } = settings;
  if (!Number.isInteger(states) || states < 1) throw new Error('states must be a positive integer');
  if (!Number.isInteger(restarts) || restarts < 1) throw new Error('restarts must be a positive integer');
  const workspace = new BaumWelch(data, states);
  const length = workspace.length;
  let best: Omit<HmmFit, 'bic' | 'restartLogLikelihoods'> | undefined;
  const restartLogLikelihoods: number[] = [];
  for (let restart = 0; restart < restarts; restart++) {
    let model = kmeansInit(data, states, settings.seed + restart, varianceFloor);
    let previous = Number.NEGATIVE_INFINITY;
    let logLikelihood = Number.NEGATIVE_INFINITY;
    let iterations = 0;
    let converged = false;
    for (;;) {
      logLikelihood = workspace.expectation(model);
      options.onIteration?.({ restart, restarts, iteration: iterations, logLikelihood });
      if ((logLikelihood - previous) / length < tolerance) {
        converged = true;
        break;
      }
      if (iterations === maxIterations) break;
      previous = logLikelihood;
      model = workspace.maximisation(model, varianceFloor);
      iterations++;
      if (options.yieldEvery) await options.yieldEvery();
    }
    restartLogLikelihoods.push(logLikelihood);
    if (!best || logLikelihood > best.logLikelihood) best = { model, logLikelihood, iterations, converged, restart };
  }
  if (!best) throw new Error('no restart ran');
  const dims = data.dims;
  const parameters = states - 1 + states * (states - 1) + 2 * states * dims;
  return { ...best, bic: -2 * best.logLikelihood + parameters * Math.log(length), restartLogLikelihoods };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
