import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../testing/random';
import { classificationMetrics, rocAuc } from './classification-metrics';
import { directionLabels, NO_LABEL } from './direction-labels';
import { fitLogistic, predictLogistic, sigmoid } from './logistic-regression';
import { fitStandardiser } from './standardiser';
import { walkForwardFolds } from './walk-forward';
import { walkForwardValidate } from './walk-forward-training';

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

describe('fitLogistic', () => {
  it('recovers the coefficients of data drawn from a known logistic model', () => {
    const random = seededRandom(7);
    const n = 40_000;
    const truth = [1.5, -0.8, 0];
    const x = new Float64Array(n * 3);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let z = 0.3;
      for (let j = 0; j < 3; j++) {
        x[i * 3 + j] = gaussian(random);
        z += truth[j]! * x[i * 3 + j]!;
      }
      y[i] = random() < sigmoid(z) ? 1 : 0;
    }
    const fit = fitLogistic({ x, rows: n, features: 3 }, y, { l2: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThan(15);
    expect(fit.weights[0]).toBeCloseTo(1.5, 1);
    expect(fit.weights[1]).toBeCloseTo(-0.8, 1);
    expect(Math.abs(fit.weights[2]!)).toBeLessThan(0.05);
    expect(fit.intercept).toBeCloseTo(0.3, 1);
    expect(predictLogistic(fit, [0, 0, 0])).toBeCloseTo(sigmoid(fit.intercept), 12);
  });

  it('shrinks weights toward zero as the L2 penalty grows, and stays finite on separable data', () => {
    const x = Float64Array.from([-2, -1, 1, 2]);
    const y = Uint8Array.from([0, 0, 1, 1]);
    const loose = fitLogistic({ x, rows: 4, features: 1 }, y, { l2: 0.01 });
    const tight = fitLogistic({ x, rows: 4, features: 1 }, y, { l2: 10 });
    expect(Number.isFinite(loose.weights[0]!)).toBe(true);
    expect(loose.weights[0]!).toBeGreaterThan(tight.weights[0]!);
    expect(tight.weights[0]!).toBeGreaterThan(0);
  });

  it('rejects inconsistent input', () => {
    expect(() => fitLogistic({ x: new Float64Array(0), rows: 0, features: 1 }, new Uint8Array(0))).toThrow(/zero rows/);
    expect(() => fitLogistic({ x: new Float64Array(3), rows: 2, features: 2 }, new Uint8Array(2))).toThrow(/expected 2×2/);
    expect(() => fitLogistic({ x: new Float64Array(4), rows: 2, features: 2 }, new Uint8Array(3))).toThrow(/3 labels for 2 rows/);
  });
});

describe('metrics', () => {
  it('computes AUC by ranks, with ties, and the baselines from the training base rate', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
    const m = classificationMetrics([0.9, 0.2, 0.6, 0.4], [1, 0, 0, 0], 0.25);
    expect(m.accuracy).toBe(0.75);
    expect(m.baselineAccuracy).toBe(0.75);
    expect(m.brier).toBeCloseTo((0.01 + 0.04 + 0.36 + 0.16) / 4, 12);
    expect(m.logLoss).toBeCloseTo(-(Math.log(0.9) + Math.log(0.8) + Math.log(0.4) + Math.log(0.6)) / 4, 12);
    expect(m.baselineLogLoss).toBeCloseTo(-(Math.log(0.25) + 3 * Math.log(0.75)) / 4, 12);
    expect(() => classificationMetrics([], [], 0.5)).toThrow(/at least 1/);
  });
});

describe('labels and folds', () => {
  it('labels the forward return, leaves the dead zone, the tail and gaps unlabelled', () => {
    const close = [100, 101, 100.01, 99, 99, 105];
    const time = [0, 1, 2, 3, 4, 6];
    const labels = directionLabels(close, time, { horizon: 1, deadZone: 0.001, barMs: 1 });
    expect(Array.from(labels)).toEqual([1, 0, 0, NO_LABEL, NO_LABEL, NO_LABEL]);
    expect(() => directionLabels(close, undefined, { horizon: 0 })).toThrow(/horizon/);
  });

  it('leaves a purge gap of the horizon between training and validation', () => {
    const folds = walkForwardFolds(1000, { folds: 4, initialTrainShare: 0.4, purge: 12, window: 'expanding' });
    expect(folds).toHaveLength(4);
    expect(folds[0]).toEqual({ trainStart: 0, trainEnd: 388, validStart: 400, validEnd: 550 });
    expect(folds[3]!.validEnd).toBe(1000);
    for (const f of folds) expect(f.validStart - f.trainEnd).toBe(12);
    const rolling = walkForwardFolds(1000, { folds: 2, initialTrainShare: 0.5, purge: 0, window: 'rolling', rollingBars: 100 });
    expect(rolling[1]).toMatchObject({ trainStart: 650, trainEnd: 750 });
    expect(() => walkForwardFolds(10, { folds: 20, initialTrainShare: 0.5, purge: 1, window: 'expanding' })).toThrow(/too few/);
  });

  it('finds real signal out of sample and none in noise', () => {
    const random = seededRandom(3);
    const n = 6000;
    const x = new Float64Array(n * 2);
    const signal = new Uint8Array(n);
    const noise = new Uint8Array(n);
    for (let t = 0; t < n; t++) {
      x[t * 2] = gaussian(random);
      x[t * 2 + 1] = gaussian(random);
      signal[t] = random() < sigmoid(1.2 * x[t * 2]!) ? 1 : 0;
      noise[t] = random() < 0.5 ? 1 : 0;
    }
    const openTime = Array.from({ length: n }, (_, i) => i * 60_000);
    const scheme = { folds: 5, initialTrainShare: 0.3, purge: 4, window: 'expanding' } as const;
    const good = walkForwardValidate({ x, features: 2, labels: signal, openTime }, scheme, 1e-3);
    expect(good.folds).toHaveLength(5);
    expect(good.overall.auc).toBeGreaterThan(0.75);
    expect(good.overall.accuracy).toBeGreaterThan(good.overall.baselineAccuracy + 0.1);
    const none = walkForwardValidate({ x, features: 2, labels: noise, openTime }, scheme, 1e-3);
    expect(Math.abs(none.overall.auc - 0.5)).toBeLessThan(0.04);
    expect(none.overall.logLoss).toBeGreaterThanOrEqual(none.overall.baselineLogLoss - 0.005);
  });

  it('standardises a constant column to scale 1 rather than dividing by zero', () => {
    const s = fitStandardiser(Float64Array.from([1, 5, 2, 5, 3, 5]), 2);
    expect(s.means).toEqual([2, 5]);
    expect(s.scales[1]).toBe(1);
  });
});
