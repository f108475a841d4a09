import { describe, expect, it } from 'vitest';
import { percentileSorted, percentileUnsorted } from './percentile';
import { monteCarlo } from './monte-carlo';
import { walkForwardSplits } from './walk-forward-split';

describe('Monte Carlo trade resampling', () => {
  const pnl = [100, -50, 80, -120, 60, -30, 40];

  it('is deterministic for a seed and differs between seeds', () => {
    const a = monteCarlo(pnl, 1_000, { runs: 500, seed: 7, ruinThreshold: 0.5 });
    expect(monteCarlo(pnl, 1_000, { runs: 500, seed: 7, ruinThreshold: 0.5 })).toEqual(a);
    expect(monteCarlo(pnl, 1_000, { runs: 500, seed: 8, ruinThreshold: 0.5 }).maxDrawdown).not.toEqual(a.maxDrawdown);
    expect(a.histogram.reduce((s, b) => s + b.count, 0)).toBe(500);
    expect(a.maxDrawdown.p5).toBeLessThanOrEqual(a.maxDrawdown.p50);
    expect(a.maxDrawdown.p50).toBeLessThanOrEqual(a.maxDrawdown.p95);
    expect(a.maxDrawdown.p95).toBeLessThanOrEqual(a.maxDrawdown.worst);
  });

  it('shuffling keeps the final return and bounds the drawdown by hand', () => {
    // Any order of +100 and −100 from 1,000: the end is always 1,000; the worst order (−100 first) draws down 10 %.
    const r = monteCarlo([100, -100], 1_000, { runs: 200, seed: 1, ruinThreshold: 0.5, method: 'shuffle' });
    expect(r.finalReturn).toEqual({ p5: 0, p50: 0, p95: 0 });
    expect(r.maxDrawdown.worst).toBeCloseTo(0.1, 12);
    // Half the orders are (+100, −100): drawdown 100 / 1,100.
    expect(r.histogram.at(-1)!.count + r.histogram.find((b) => b.from <= 100 / 1_100 && b.to > 100 / 1_100)!.count).toBe(200);
    expect(r.probabilityOfRuin).toBe(0);
  });

  it('counts ruin: a run that reaches half the starting equity', () => {
    const r = monteCarlo([-600], 1_000, { runs: 10, seed: 1, ruinThreshold: 0.5 });
    expect(r.probabilityOfRuin).toBe(1);
    expect(r.maxDrawdown.worst).toBeCloseTo(0.6, 12);
    expect(monteCarlo([], 1_000, { runs: 10, seed: 1, ruinThreshold: 0.5 }).probabilityOfRuin).toBe(0);
  });
});

describe('walk-forward windows', () => {
  it('rolling: equal out-of-sample windows tile the range after the first in-sample window', () => {
    // 1,000 bars, 4 windows, 75 % in-sample: OOS = floor(1,000 / (4 + 3)) = 142, IS = 1,000 − 4 × 142 = 432.
    const s = walkForwardSplits(1_000, 4, 0.75, 'rolling');
    expect(s.map((w) => [w.inSample.start, w.inSample.end, w.outOfSample.start, w.outOfSample.end])).toEqual([
      [0, 432, 432, 574],
      [142, 574, 574, 716],
      [284, 716, 716, 858],
      [426, 858, 858, 1_000],
    ]);
  });

  it('anchored: in-sample windows all start at the first bar', () => {
    const s = walkForwardSplits(1_000, 4, 0.75, 'anchored');
    expect(s.map((w) => w.inSample.start)).toEqual([0, 0, 0, 0]);
    expect(s.map((w) => w.inSample.end)).toEqual([432, 574, 716, 858]);
  });

  it('refuses a range too short for the windows, and a bad fraction', () => {
    expect(() => walkForwardSplits(300, 5, 0.75, 'rolling')).toThrow(/300 bars are too few for 5 walk-forward windows/);
    expect(() => walkForwardSplits(1_000, 2, 1, 'rolling')).toThrow(/between 0 and 1/);
  });
});

describe('percentiles', () => {
  it('by selection equal those of a sorted copy, ties, NaN and tiny arrays included', () => {
    let seed = 99;
    const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (const n of [1, 2, 3, 5, 10, 101, 1_000, 5_003]) {
      for (const p of [0, 5, 37.5, 50, 95, 100]) {
        const values = Float64Array.from({ length: n }, () => (next() < 0.2 ? 0 : Math.round((next() - 0.5) * 1e4) / 100));
        if (n > 100 && p === 37.5) values[3] = Number.NaN;
        const sorted = Float64Array.from(values).sort();
        expect(percentileUnsorted(values, p)).toBe(percentileSorted(sorted, p));
      }
    }
    expect(percentileUnsorted(new Float64Array(0), 5)).toBe(0);
  });
});
