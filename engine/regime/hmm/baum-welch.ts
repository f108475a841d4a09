import { emissionTerms, logEmissions, type EmissionTerms, type GaussianHmm, type HmmObservations } from './gaussian-hmm';

/** Keeps a transition that was never seen possible, so the filter can always leave a state. */
const TRANSITION_FLOOR = 1e-8;

/**
 * Baum–Welch (EM) for a diagonal Gaussian HMM over several sequences, with Rabiner's scaling: each
 * forward vector is normalised and the log of its scale kept, and emissions are taken relative to their
 * per-bar maximum, so nothing underflows however long the sequence. Buffers are allocated once per
 * data set and reused by every iteration and restart.
 */
export class BaumWelch {
  readonly length: number;
  /** Scaled forward variables: after `expectation`, row t is P(state at t | observations up to t). */
  readonly alpha: Float64Array;
  private readonly beta: Float64Array;
  private readonly gamma: Float64Array;
  /** Emission densities relative to their per-bar maximum. */
  private readonly emission: Float64Array;
  /** Log of each bar's forward normaliser (scale plus emission maximum). */
  private readonly logScale: Float64Array;
  private readonly scale: Float64Array;
  private readonly gammaSum: Float64Array;
  private readonly xiSum: Float64Array;
  private readonly startSum: Float64Array;
  private readonly row: Float64Array;
  private terms: EmissionTerms | undefined;
  /** Each sequence as [start, end) bar indices. */
  private readonly sequenceStarts: Int32Array;
  private readonly sequenceEnds: Int32Array;

  constructor(
    private readonly data: HmmObservations,
    private readonly states: number,
  ) {
    const t = data.values.length / data.dims;
    if (!Number.isInteger(t) || t === 0) throw new Error('observations must hold a whole number of rows, at least one');
    if (data.starts[0] !== 0 || data.starts.some((s, i) => i > 0 && !(s > data.starts[i - 1]! && s < t))) {
      throw new Error('sequence starts must begin at 0 and increase within the data');
    }
    this.length = t;
    this.sequenceStarts = Int32Array.from(data.starts);
    this.sequenceEnds = Int32Array.from(data.starts, (_, i) => data.starts[i + 1] ?? t);
    this.alpha = new Float64Array(t * states);
    this.beta = new Float64Array(t * states);
    this.gamma = new Float64Array(t * states);
    this.emission = new Float64Array(t * states);
    this.logScale = new Float64Array(t);
    this.scale = new Float64Array(t);
    this.gammaSum = new Float64Array(states);
    this.xiSum = new Float64Array(states * states);
    this.startSum = new Float64Array(states);
    this.row = new Float64Array(states);
  }

  /** E-step: forward and backward passes; returns the log-likelihood of the data under `model`. */
  expectation(model: GaussianHmm): number {
    const k = this.states;
    const { values, dims } = this.data;
    this.terms = emissionTerms(model, this.terms);
    const { alpha, beta, emission, logScale, scale, row } = this;
    const a = model.transitions;
    for (let t = 0; t < this.length; t++) {
      const max = logEmissions(model, this.terms, values, t * dims, row);
      logScale[t] = max;
      for (let s = 0; s < k; s++) emission[t * k + s] = Math.exp(row[s]! - max);
    }
    let logLikelihood = 0;
    const initial = model.initial;
    for (let q = 0; q < this.sequenceStarts.length; q++) {
      const start = this.sequenceStarts[q]!;
      const end = this.sequenceEnds[q]!;
      for (let t = start; t < end; t++) {
        const base = t * k;
        const previous = base - k;
        let total = 0;
        for (let j = 0; j < k; j++) {
          let prior = 0;
          if (t === start) prior = initial[j]!;
          else for (let i = 0; i < k; i++) prior += alpha[previous + i]! * a[i * k + j]!;
          const value = prior * emission[base + j]!;
          alpha[base + j] = value;
          total += value;
        }
        if (!(total > 0 && Number.isFinite(total))) throw new Error(`forward pass broke down at bar ${t}`);
        const inverse = 1 / total;
        for (let j = 0; j < k; j++) alpha[base + j]! *= inverse;
        scale[t] = total;
        logLikelihood += Math.log(total) + logScale[t]!;
      }
      for (let j = 0; j < k; j++) beta[(end - 1) * k + j] = 1;
      for (let t = end - 2; t >= start; t--) {
        const next = (t + 1) * k;
        const inverse = 1 / scale[t + 1]!;
        for (let j = 0; j < k; j++) row[j] = emission[next + j]! * beta[next + j]! * inverse;
        for (let i = 0; i < k; i++) {
          let sum = 0;
          for (let j = 0; j < k; j++) sum += a[i * k + j]! * row[j]!;
          beta[t * k + i] = sum;
        }
      }
    }
    return logLikelihood;
  }

  /** M-step: the model that maximises the expected complete log-likelihood under the last E-step. */
  maximisation(model: GaussianHmm, varianceFloor: number): GaussianHmm {
    const k = this.states;
    const { values, dims } = this.data;
    const { alpha, beta, emission, scale, gammaSum, xiSum, startSum, row } = this;
    gammaSum.fill(0);
    xiSum.fill(0);
    startSum.fill(0);
    const weight = new Float64Array(k * dims);
    const sum = new Float64Array(k * dims);
    const squares = new Float64Array(k * dims);
    const a = model.transitions;
    // γ (posterior of each state at each bar) is α·β under this scaling; computed once, used by both passes.
    const gamma = this.gamma;
    for (let i = 0; i < this.length * k; i++) gamma[i] = alpha[i]! * beta[i]!;
    for (let q = 0; q < this.sequenceStarts.length; q++) {
      const start = this.sequenceStarts[q]!;
      const end = this.sequenceEnds[q]!;
      for (let s = 0; s < k; s++) startSum[s]! += gamma[start * k + s]!;
      for (let t = start; t < end; t++) {
        const base = t * k;
        // ξ(t, i, j) = α(t, i)·a(i, j)·b(t+1, j)·β(t+1, j) / c(t+1); the j-only factor once per bar.
        if (t + 1 < end) {
          const next = base + k;
          const inverse = 1 / scale[t + 1]!;
          for (let j = 0; j < k; j++) row[j] = emission[next + j]! * beta[next + j]! * inverse;
          for (let i = 0; i < k; i++) {
            const ai = alpha[base + i]!;
            for (let j = 0; j < k; j++) xiSum[i * k + j]! += ai * a[i * k + j]! * row[j]!;
          }
        }
        const x0 = t * dims;
        for (let s = 0; s < k; s++) {
          const g = gamma[base + s]!;
          gammaSum[s]! += g;
          for (let d = 0; d < dims; d++) {
            const x = values[x0 + d]!;
            if (x !== x) continue;
            weight[s * dims + d]! += g;
            sum[s * dims + d]! += g * x;
          }
        }
      }
    }
    const sequences = this.data.starts.length;
    const initial = new Float64Array(k);
    for (let s = 0; s < k; s++) initial[s] = startSum[s]! / sequences;
    normalise(initial, 0, k, 0);
    const transitions = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) transitions[i * k + j] = xiSum[i * k + j]!;
      if (!normalise(transitions, i * k, k, TRANSITION_FLOOR)) transitions.set(model.transitions.subarray(i * k, i * k + k), i * k);
    }
    const means = Float64Array.from(model.means);
    const variances = Float64Array.from(model.variances);
    // A state (or a feature of it) with almost no weight keeps its previous estimate instead of dividing by ~0.
    for (let i = 0; i < k * dims; i++) if (weight[i]! >= 1e-6) means[i] = sum[i]! / weight[i]!;
    // Second pass for the variances: squared deviations from the new means, not E[x²] − μ² (no cancellation).
    for (let t = 0; t < this.length; t++) {
      for (let s = 0; s < k; s++) {
        const g = gamma[t * k + s]!;
        for (let d = 0; d < dims; d++) {
          const x = values[t * dims + d]!;
          if (x !== x) continue;
          const diff = x - means[s * dims + d]!;
          squares[s * dims + d]! += g * diff * diff;
        }
      }
    }
    for (let i = 0; i < k * dims; i++) if (weight[i]! >= 1e-6) variances[i] = Math.max(squares[i]! / weight[i]!, varianceFloor);
    return { states: k, dims, initial, transitions, means, variances };
  }

}

/** Normalises `values[offset .. offset + length)` to sum to one after flooring; false when it is all zero. */
function normalise(values: Float64Array, offset: number, length: number, floor: number): boolean {
  let total = 0;
  for (let i = 0; i < length; i++) total += values[offset + i]!;
  if (!(total > 0)) return false;
  let floored = 0;
  for (let i = 0; i < length; i++) {
    const v = Math.max(values[offset + i]! / total, floor);
    values[offset + i] = v;
    floored += v;
  }
  for (let i = 0; i < length; i++) values[offset + i]! /= floored;
  return true;
}
