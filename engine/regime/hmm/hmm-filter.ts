import { emissionTerms, logEmissions, type EmissionTerms, type GaussianHmm } from './gaussian-hmm';

/**
 * Online forward filtering: P(state at t | observations up to t). Each step is O(K² + K·D) and
 * allocates nothing (every buffer is preallocated), so it can follow every bar of every series.
 * The arithmetic is the one Baum–Welch's scaled forward pass uses, so the two agree to rounding.
 */
export class HmmFilter {
  /** Filtered probabilities after the last step (reused: copy it to keep it). */
  readonly probabilities: Float64Array;
  /** Log emission density of each state for the last observation. */
  readonly logEmission: Float64Array;
  private readonly prior: Float64Array;
  private readonly terms: EmissionTerms;
  private started = false;
  /** Log-likelihood of the observations since the last reset. */
  logLikelihood = 0;

  constructor(readonly model: GaussianHmm) {
    const k = model.states;
    this.probabilities = new Float64Array(k);
    this.logEmission = new Float64Array(k);
    this.prior = new Float64Array(k);
    this.terms = emissionTerms(model);
  }

  /** Starts a new sequence: the next observation is weighed against the initial distribution. */
  reset(): void {
    this.started = false;
    this.logLikelihood = 0;
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Folds in one observation (`x[offset .. offset + dims)`, NaN for missing features). */
  step(x: ArrayLike<number>, offset = 0): Float64Array {
    const { model, prior, probabilities: alpha, logEmission } = this;
    const k = model.states;
    if (this.started) {
      const a = model.transitions;
      for (let j = 0; j < k; j++) {
        let sum = 0;
        for (let i = 0; i < k; i++) sum += alpha[i]! * a[i * k + j]!;
        prior[j] = sum;
      }
    } else {
      prior.set(model.initial);
    }
    const max = logEmissions(model, this.terms, x, offset, logEmission);
    let total = 0;
    for (let j = 0; j < k; j++) {
      const value = prior[j]! * Math.exp(logEmission[j]! - max);
      alpha[j] = value;
      total += value;
    }
    if (total > 0 && Number.isFinite(total)) {
      for (let j = 0; j < k; j++) alpha[j]! /= total;
      this.logLikelihood += Math.log(total) + max;
    } else {
      // Only reachable with a prior that is zero wherever the observation is possible: keep the prior.
      alpha.set(prior);
    }
    this.started = true;
    return alpha;
  }
}
