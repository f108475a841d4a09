/**
 * Long runs: a million updates of prices around 60,000 through the O(1) running-sum indicators, checked
 * against a naive recompute of the same window at many points, so slow drift of running sums or rolling
 * variances would show up. Also a window whose spread is a billionth of its level, where the textbook
 * Σx² − n·mean² formula returns noise.
 */
import { describe, expect, it } from 'vitest';
import { BollingerBands } from './bollinger-bands';
import { RealizedVolatility } from './realized-volatility';
import { RollingCorrelation } from './rolling-correlation';
import { RollingExtreme } from './rolling-extreme';
import { RollingZScore } from './rolling-z-score';
import { Sma } from './sma';
import { Wma } from './wma';

const N = 1_000_000;
const PERIOD = 20;

function walk(count: number, seed: number, start: number, step: number): Float64Array {
  let state = seed;
  const out = new Float64Array(count);
  let x = start;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    x *= 1 + (state / 4_294_967_296 - 0.5) * step;
    out[i] = x;
  }
  return out;
}

const prices = walk(N, 42, 60_000, 0.001);
const others = walk(N, 7, 60_000, 0.001);

/** Checkpoints spread over the run, denser at the end where drift would be largest. */
const checkpoints = [...Array.from({ length: 200 }, (_, i) => PERIOD + i * 4_999), ...Array.from({ length: 200 }, (_, i) => N - 1 - i)];
const isCheckpoint = new Uint8Array(N);
for (const c of checkpoints) isCheckpoint[c] = 1;

function naiveMoments(xs: Float64Array, end: number, period: number): { mean: number; m2: number } {
  let s = 0;
  for (let i = end - period + 1; i <= end; i++) s += xs[i] as number;
  const mean = s / period;
  let m2 = 0;
  for (let i = end - period + 1; i <= end; i++) m2 += ((xs[i] as number) - mean) ** 2;
  return { mean, m2 };
}

describe('numerical stability over 1,000,000 updates around 60,000', () => {
  it('SMA and WMA stay within 1e-12 (relative) of a fresh recompute', () => {
    const sma = new Sma(PERIOD);
    const wma = new Wma(PERIOD);
    let worstSma = 0;
    let worstWma = 0;
    for (let i = 0; i < N; i++) {
      const x = prices[i] as number;
      const s = sma.update(x);
      const w = wma.update(x);
      if (isCheckpoint[i] === 1 && i >= PERIOD - 1) {
        const { mean } = naiveMoments(prices, i, PERIOD);
        let weighted = 0;
        for (let k = 0; k < PERIOD; k++) weighted += (k + 1) * (prices[i - PERIOD + 1 + k] as number);
        worstSma = Math.max(worstSma, Math.abs((s as number) - mean) / mean);
        worstWma = Math.max(worstWma, Math.abs((w as number) - weighted / ((PERIOD * (PERIOD + 1)) / 2)) / mean);
      }
    }
    expect(worstSma).toBeLessThan(1e-12);
    expect(worstWma).toBeLessThan(1e-12);
  });

  it('running sums recover exactly after a huge outlier leaves the window (a plain running sum keeps its rounding residue)', () => {
    const sma = new Sma(PERIOD);
    const wma = new Wma(PERIOD);
    const bands = new BollingerBands(PERIOD, 2);
    const xs = [...Array.from({ length: PERIOD }, () => 1e15 + 0.3), ...Array.from(prices.subarray(0, 3_000))];
    let plain = 0;
    xs.forEach((x, i) => {
      sma.update(x);
      wma.update(x);
      bands.update(x);
      plain += x - (i >= PERIOD ? (xs[i - PERIOD] as number) : 0);
    });
    const { mean, m2 } = naiveMoments(Float64Array.from(xs), xs.length - 1, PERIOD);
    const relative = (a: number | undefined, b: number): number => Math.abs((a as number) - b) / Math.abs(b);
    expect(relative(sma.value, mean)).toBeLessThan(1e-12);
    expect(relative(bands.value?.middle, mean)).toBeLessThan(1e-12);
    expect(relative(((bands.value?.upper as number) - mean) / 2, Math.sqrt(m2 / PERIOD))).toBeLessThan(1e-8);
    let weighted = 0;
    for (let k = 0; k < PERIOD; k++) weighted += (k + 1) * (xs[xs.length - PERIOD + k] as number);
    expect(relative(wma.value, weighted / ((PERIOD * (PERIOD + 1)) / 2))).toBeLessThan(1e-12);
    // What the periodic re-summation protects against:
    expect(relative(plain / PERIOD, mean)).toBeGreaterThan(1e-9);
  });

  it('Bollinger width, z-score and realised volatility keep 1e-8 relative accuracy', () => {
    const bands = new BollingerBands(PERIOD, 2);
    const z = new RollingZScore(PERIOD);
    const rv = new RealizedVolatility(PERIOD);
    const logReturns = new Float64Array(N);
    for (let i = 1; i < N; i++) logReturns[i] = Math.log((prices[i] as number) / (prices[i - 1] as number));
    let worstStd = 0;
    let worstZ = 0;
    let worstRv = 0;
    for (let i = 0; i < N; i++) {
      const x = prices[i] as number;
      const b = bands.update(x);
      const zi = z.update(x);
      const v = rv.update(x);
      if (isCheckpoint[i] === 1 && i >= PERIOD) {
        const { mean, m2 } = naiveMoments(prices, i, PERIOD);
        const std = Math.sqrt(m2 / PERIOD);
        worstStd = Math.max(worstStd, Math.abs(((b?.upper as number) - (b?.middle as number)) / 2 - std) / std);
        worstZ = Math.max(worstZ, Math.abs((zi as number) - (x - mean) / std));
        const r = naiveMoments(logReturns, i, PERIOD);
        const rvNaive = Math.sqrt(r.m2 / (PERIOD - 1));
        worstRv = Math.max(worstRv, Math.abs((v as number) - rvNaive) / rvNaive);
      }
    }
    expect(worstStd).toBeLessThan(1e-8);
    expect(worstZ).toBeLessThan(1e-8);
    expect(worstRv).toBeLessThan(1e-8);
  });

  it('rolling correlation keeps 1e-8 accuracy', () => {
    const corr = new RollingCorrelation(PERIOD);
    let worst = 0;
    for (let i = 0; i < N; i++) {
      const r = corr.update([prices[i] as number, others[i] as number]);
      if (isCheckpoint[i] === 1 && i >= PERIOD) {
        const a = naiveMoments(prices, i, PERIOD);
        const b = naiveMoments(others, i, PERIOD);
        let sxy = 0;
        for (let k = i - PERIOD + 1; k <= i; k++) sxy += ((prices[k] as number) - a.mean) * ((others[k] as number) - b.mean);
        worst = Math.max(worst, Math.abs((r as number) - sxy / Math.sqrt(a.m2 * b.m2)));
      }
    }
    expect(worst).toBeLessThan(1e-8);
  });

  it('a window spread of 1e-9 of its level still gives the right std (the Σx² formula would not)', () => {
    const level = 60_000;
    const xs = Array.from({ length: 10_000 }, (_, i) => level + ((i * 7919) % 13) * 1e-5);
    const bands = new BollingerBands(PERIOD, 1);
    let worst = 0;
    xs.forEach((x, i) => {
      const b = bands.update(x);
      if (i < PERIOD - 1) return;
      const { m2 } = naiveMoments(Float64Array.from(xs), i, PERIOD);
      const std = Math.sqrt(m2 / PERIOD);
      worst = Math.max(worst, Math.abs((b?.upper as number) - (b?.middle as number) - std) / std);
    });
    expect(worst).toBeLessThan(1e-4);
    // The naive formula on the same window loses everything: show the test would catch it.
    const window = xs.slice(0, PERIOD);
    const naive = window.reduce((s, x) => s + x * x, 0) / PERIOD - (window.reduce((s, x) => s + x, 0) / PERIOD) ** 2;
    const { m2 } = naiveMoments(Float64Array.from(xs), PERIOD - 1, PERIOD);
    expect(Math.abs(Math.sqrt(Math.max(naive, 0)) - Math.sqrt(m2 / PERIOD)) / Math.sqrt(m2 / PERIOD)).toBeGreaterThan(1e-4);
  });

  it('rolling max/min equal a naive scan of the window, ties included', () => {
    const period = 7;
    const max = new RollingExtreme(period, 'max');
    const min = new RollingExtreme(period, 'min');
    const xs = Array.from({ length: 5_000 }, (_, i) => ((i * 2654435761) >>> 0) % 17);
    xs.forEach((x, i) => {
      const window = xs.slice(Math.max(0, i - period + 1), i + 1);
      expect(max.push(x)).toBe(Math.max(...window));
      expect(min.push(x)).toBe(Math.min(...window));
    });
  });
});
