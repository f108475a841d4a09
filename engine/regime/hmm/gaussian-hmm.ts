/**
 * A hidden Markov model with Gaussian emissions and diagonal covariances. Arrays are flat and row-major
 * (`transitions[i * states + j]` = P(next = j | now = i), `means[k * dims + d]`), so filtering and fitting
 * work on typed arrays without allocating.
 *
 * Diagonal covariance: the features are standardised and few, a diagonal state needs 2·D parameters
 * instead of D + D(D+1)/2 (fewer ways for a state to collapse onto a handful of outliers), its density
 * costs O(D) per state, and a feature that is missing at a bar (sentiment or flow not yet known) is
 * marginalised exactly by leaving its term out.
 */
export type GaussianHmm = {
  readonly states: number;
  readonly dims: number;
  readonly initial: Float64Array;
  readonly transitions: Float64Array;
  readonly means: Float64Array;
  readonly variances: Float64Array;
};

/** The same model as plain arrays: what is stored as JSON and crosses the API. */
export type GaussianHmmJson = {
  readonly states: number;
  readonly dims: number;
  readonly initial: number[];
  readonly transitions: number[];
  readonly means: number[];
  readonly variances: number[];
};

/**
 * Observations of one or more sequences, concatenated: `values[t * dims + d]`, NaN where a feature is
 * missing. `starts` holds the first index of each sequence (ascending, starting with 0); a gap in the
 * data starts a new sequence, so no transition is ever counted across it.
 */
export type HmmObservations = {
  readonly values: Float64Array;
  readonly dims: number;
  readonly starts: readonly number[];
};

export const LOG_2PI = Math.log(2 * Math.PI);

export function toJson(model: GaussianHmm): GaussianHmmJson {
  return {
    states: model.states,
    dims: model.dims,
    initial: Array.from(model.initial),
    transitions: Array.from(model.transitions),
    means: Array.from(model.means),
    variances: Array.from(model.variances),
  };
}

/** Rebuilds a model from its JSON form, checking every invariant: stored data is never trusted blindly. */
export function fromJson(json: GaussianHmmJson): GaussianHmm {
  const { states: k, dims: d } = json;
  if (!Number.isInteger(k) || k < 1 || !Number.isInteger(d) || d < 1) throw new Error(`invalid model shape ${k}×${d}`);
  const model: GaussianHmm = {
    states: k,
    dims: d,
    initial: Float64Array.from(json.initial),
    transitions: Float64Array.from(json.transitions),
    means: Float64Array.from(json.means),
    variances: Float64Array.from(json.variances),
  };
  const problem = modelProblem(model);
  if (problem) throw new Error(`invalid model: ${problem}`);
  return model;
}

/** Why a model is not a valid HMM, or null. */
export function modelProblem(model: GaussianHmm): string | null {
  const { states: k, dims: d } = model;
  if (model.initial.length !== k) return 'initial distribution has the wrong length';
  if (model.transitions.length !== k * k) return 'transition matrix has the wrong size';
  if (model.means.length !== k * d || model.variances.length !== k * d) return 'means or variances have the wrong size';
  if (!isDistribution(model.initial, 0, k)) return 'initial distribution does not sum to 1';
  for (let i = 0; i < k; i++) if (!isDistribution(model.transitions, i * k, k)) return `transition row ${i} does not sum to 1`;
  if (!model.means.every(Number.isFinite)) return 'a mean is not finite';
  if (!model.variances.every((v) => Number.isFinite(v) && v > 0)) return 'a variance is not positive';
  return null;
}

function isDistribution(values: Float64Array, offset: number, length: number): boolean {
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const v = values[offset + i]!;
    if (!(v >= 0)) return false;
    sum += v;
  }
  return Math.abs(sum - 1) < 1e-6;
}

/**
 * Per-state constants of the log density, so that a bar costs one multiply-add per state and feature:
 * log N(x; μ, σ²) = halfLogNorm − halfInvVar · (x − μ)².
 */
export type EmissionTerms = { readonly halfLogNorm: Float64Array; readonly halfInvVar: Float64Array };

export function emissionTerms(model: GaussianHmm, terms?: EmissionTerms): EmissionTerms {
  const n = model.states * model.dims;
  const halfLogNorm = terms?.halfLogNorm ?? new Float64Array(n);
  const halfInvVar = terms?.halfInvVar ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = model.variances[i]!;
    halfLogNorm[i] = -0.5 * (LOG_2PI + Math.log(v));
    halfInvVar[i] = 0.5 / v;
  }
  return { halfLogNorm, halfInvVar };
}

/**
 * Log emission density of every state for one observation (`x[offset .. offset + dims)`) into `out`;
 * returns the largest. Missing features (NaN) contribute nothing: they are integrated out.
 */
export function logEmissions(
  model: GaussianHmm,
  terms: EmissionTerms,
  x: ArrayLike<number>,
  offset: number,
  out: Float64Array,
): number {
  const { states: k, dims: d, means } = model;
  const { halfLogNorm, halfInvVar } = terms;
  let max = Number.NEGATIVE_INFINITY;
  for (let s = 0; s < k; s++) {
    let sum = 0;
    const base = s * d;
    for (let j = 0; j < d; j++) {
      const value = x[offset + j]!;
      if (value !== value) continue; // NaN: missing
      const diff = value - means[base + j]!;
      sum += halfLogNorm[base + j]! - halfInvVar[base + j]! * diff * diff;
    }
    out[s] = sum;
    if (sum > max) max = sum;
  }
  return max;
}

/** Stationary distribution of the chain (power iteration): the long-run share of time in each state. */
export function stationaryDistribution(model: GaussianHmm): Float64Array {
  const k = model.states;
  let p = new Float64Array(k).fill(1 / k);
  let next = new Float64Array(k);
  for (let iteration = 0; iteration < 10_000; iteration++) {
    next.fill(0);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) next[j]! += p[i]! * model.transitions[i * k + j]!;
    let change = 0;
    for (let j = 0; j < k; j++) change += Math.abs(next[j]! - p[j]!);
    [p, next] = [next, p];
    if (change < 1e-13) break;
  }
  return p;
}
