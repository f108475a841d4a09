import { describe, expect, it } from 'vitest';
import { BaumWelch } from './baum-welch';
import { fitHmm } from './fit-hmm';
import { fromJson, modelProblem, toJson, type GaussianHmm, type HmmObservations } from './gaussian-hmm';
import { HmmFilter } from './hmm-filter';
import { seededRandom } from '../../core/random';

const TRUE_MODEL: GaussianHmm = {
  states: 3,
  dims: 2,
  initial: Float64Array.from([0.5, 0.3, 0.2]),
  transitions: Float64Array.from([0.95, 0.03, 0.02, 0.04, 0.9, 0.06, 0.05, 0.05, 0.9]),
  means: Float64Array.from([-2, 0, 0, 1.5, 2.5, -1]),
  variances: Float64Array.from([0.5, 0.3, 0.4, 0.6, 0.8, 0.2]),
};

/** Draws observations (and the hidden path) from a model, with sequence breaks at `starts`. */
function sample(model: GaussianHmm, length: number, seed: number, starts: number[] = [0]): HmmObservations & { path: Int32Array } {
  const random = seededRandom(seed);
  const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const draw = (p: Float64Array, offset: number): number => {
    let u = random();
    for (let i = 0; i < model.states; i++) {
      u -= p[offset + i]!;
      if (u <= 0) return i;
    }
    return model.states - 1;
  };
  const values = new Float64Array(length * model.dims);
  const path = new Int32Array(length);
  const startSet = new Set(starts);
  let state = 0;
  for (let t = 0; t < length; t++) {
    state = startSet.has(t) ? draw(model.initial, 0) : draw(model.transitions, state * model.states);
    path[t] = state;
    for (let d = 0; d < model.dims; d++) {
      const i = state * model.dims + d;
      values[t * model.dims + d] = model.means[i]! + Math.sqrt(model.variances[i]!) * gaussian();
    }
  }
  return { values, dims: model.dims, starts, path };
}

/** The fitted state that best matches each true state (by mean distance). */
function matchStates(fitted: GaussianHmm, truth: GaussianHmm): number[] {
  return Array.from({ length: truth.states }, (_, s) => {
    let best = 0;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let f = 0; f < fitted.states; f++) {
      let distance = 0;
      for (let d = 0; d < truth.dims; d++) distance += (fitted.means[f * truth.dims + d]! - truth.means[s * truth.dims + d]!) ** 2;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = f;
      }
    }
    return best;
  });
}

describe('Gaussian HMM', () => {
  it('recovers the means, variances and transition matrix of the model that generated the data', async () => {
    const data = sample(TRUE_MODEL, 20_000, 7, [0, 5_000, 12_000]);
    const fit = await fitHmm(data, { states: 3, seed: 3 });
    expect(fit.converged).toBe(true);
    const map = matchStates(fit.model, TRUE_MODEL);
    expect(new Set(map).size).toBe(3);
    for (let s = 0; s < 3; s++) {
      for (let d = 0; d < 2; d++) {
        expect(fit.model.means[map[s]! * 2 + d]).toBeCloseTo(TRUE_MODEL.means[s * 2 + d]!, 1);
        expect(Math.abs(fit.model.variances[map[s]! * 2 + d]! - TRUE_MODEL.variances[s * 2 + d]!)).toBeLessThan(0.05);
      }
      for (let j = 0; j < 3; j++) {
        expect(Math.abs(fit.model.transitions[map[s]! * 3 + map[j]!]! - TRUE_MODEL.transitions[s * 3 + j]!)).toBeLessThan(0.02);
      }
    }
    // The fitted model explains the data at least as well as the true one.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(new BaumWelch(data, 3).expectation(TRUE_MODEL) - 1e-6);
  });

  it('raises the log-likelihood at every EM iteration', async () => {
    const data = sample(TRUE_MODEL, 3_000, 11);
    const trace: number[] = [];
    await fitHmm(data, { states: 3, restarts: 1, tolerance: 0, maxIterations: 40, onIteration: (p) => trace.push(p.logLikelihood) });
    expect(trace.length).toBeGreaterThan(5);
    for (let i = 1; i < trace.length; i++) expect(trace[i]!).toBeGreaterThanOrEqual(trace[i - 1]! - 1e-7 * Math.abs(trace[i - 1]!));
  });

  it('is deterministic for a seed', async () => {
    const data = sample(TRUE_MODEL, 2_000, 5);
    const a = await fitHmm(data, { states: 3, seed: 9 });
    const b = await fitHmm(data, { states: 3, seed: 9 });
    expect(toJson(a.model)).toEqual(toJson(b.model));
    expect(a.logLikelihood).toBe(b.logLikelihood);
  });

  it('does not underflow on long sequences with far-out observations', () => {
    const data = sample(TRUE_MODEL, 60_000, 13);
    data.values[30_000] = 1e3; // a 1000-sigma outlier: its raw density is 0 in every state
    const workspace = new BaumWelch(data, 3);
    const logLikelihood = workspace.expectation(TRUE_MODEL);
    expect(Number.isFinite(logLikelihood)).toBe(true);
    expect(workspace.alpha.every(Number.isFinite)).toBe(true);
  });

  it('the online filter equals the normalised forward pass of Baum–Welch, sequence breaks included', () => {
    const data = sample(TRUE_MODEL, 4_000, 17, [0, 1_500]);
    const workspace = new BaumWelch(data, 3);
    const logLikelihood = workspace.expectation(TRUE_MODEL);
    const filter = new HmmFilter(TRUE_MODEL);
    let total = 0;
    for (let t = 0; t < 4_000; t++) {
      if (data.starts.includes(t)) {
        total += filter.logLikelihood;
        filter.reset();
      }
      const p = filter.step(data.values, t * 2);
      for (let s = 0; s < 3; s++) expect(Math.abs(p[s]! - workspace.alpha[t * 3 + s]!)).toBeLessThan(1e-12);
    }
    total += filter.logLikelihood;
    expect(total).toBeCloseTo(logLikelihood, 6);
  });

  it('treats a NaN feature as missing: it is integrated out, not an error', () => {
    const filter = new HmmFilter(TRUE_MODEL);
    const withMissing = Float64Array.from(filter.step([2.5, Number.NaN]));
    filter.reset();
    const oneDimension: GaussianHmm = { ...TRUE_MODEL, dims: 1, means: Float64Array.from([-2, 0, 2.5]), variances: Float64Array.from([0.5, 0.4, 0.8]) };
    const reference = new HmmFilter(oneDimension).step([2.5]);
    for (let s = 0; s < 3; s++) expect(withMissing[s]).toBeCloseTo(reference[s]!, 12);
  });

  it('rejects malformed models and observations', () => {
    expect(() => fromJson({ ...toJson(TRUE_MODEL), transitions: [1, 0, 0, 0.5, 0.4, 0, 0, 0, 1] })).toThrow(/transition row 1/);
    expect(() => fromJson({ ...toJson(TRUE_MODEL), variances: [1, 1, 1, 0, 1, 1] })).toThrow(/variance/);
    expect(modelProblem(TRUE_MODEL)).toBeNull();
    expect(() => new BaumWelch({ values: new Float64Array(5), dims: 2, starts: [0] }, 3)).toThrow(/whole number/);
    expect(() => new BaumWelch({ values: new Float64Array(6), dims: 2, starts: [0, 5] }, 3)).toThrow(/starts/);
  });
});
