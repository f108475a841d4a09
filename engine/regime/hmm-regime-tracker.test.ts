import { describe, expect, it } from 'vitest';
import { REGIME_LABELS, type RegimeState } from '../model/regime';
import { fittedTestModel } from '../testing/regime-test-model';
import { HmmRegimeTracker } from './hmm-regime-tracker';

const { model, candles, regimes } = await fittedTestModel();
// generateRegimeCandles' regimes in order: up, down, range, stress.
const TRUE_LABELS = ['trend-up', 'trend-down', 'range', 'stress'] as const;

function run(upTo: number): (RegimeState | undefined)[] {
  const tracker = new HmmRegimeTracker(model, () => 0);
  return candles.slice(0, upTo).map((c) => tracker.update(c));
}

describe('HmmRegimeTracker', () => {
  it('labels each of the generated regimes, and mostly agrees with the regime that generated each bar', () => {
    expect([...model.labels].sort()).toEqual([...REGIME_LABELS].sort());
    const states = run(candles.length);
    let agree = 0;
    let counted = 0;
    states.forEach((state, t) => {
      if (!state) return;
      counted++;
      if (state.regime === TRUE_LABELS[regimes[t]!]) agree++;
    });
    expect(counted).toBeGreaterThan(candles.length - 60);
    // The features look back over windows (24 bars of volatility, 14 of ADX), so a switch is seen a few bars late.
    expect(agree / counted).toBeGreaterThan(0.7);
  });

  it('has no lookahead: the state at bar t is the same whether the data ends at t or goes on', () => {
    const full = run(candles.length);
    for (let t = 40; t < candles.length; t += 97) {
      const truncated = run(t + 1);
      expect(truncated[t]).toEqual(full[t]);
    }
  });

  it('reports a belief that is a distribution, with duration and confidence from the model', () => {
    const state = run(500).at(-1)!;
    expect(state.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    const top = state.labels.indexOf(state.regime);
    expect(state.confidence).toBe(Math.max(...state.probabilities));
    expect(state.expectedDuration).toBeCloseTo(1 / (1 - state.transitions[top]![top]!), 9);
    expect(state.modelId).toBe('test-model');
  });

  it('starts again after a gap, exactly as if the data began after it', () => {
    const before = candles.slice(0, 1_000);
    const after = candles.slice(1_010, 1_600);
    const tracker = new HmmRegimeTracker(model, () => 0);
    for (const c of before) tracker.update(c);
    const resumed = after.map((c) => tracker.update(c));
    const fresh = new HmmRegimeTracker(model, () => 0);
    expect(resumed).toEqual(after.map((c) => fresh.update(c)));
    expect(resumed[0]).toBeUndefined(); // warming up again
  });

  it('ignores a bar it has already seen and answers with the same state', () => {
    const tracker = new HmmRegimeTracker(model, () => 0);
    let last: RegimeState | undefined;
    for (const c of candles.slice(0, 200)) last = tracker.update(c);
    expect(tracker.update(candles[199]!)).toBe(last);
    expect(tracker.update(candles[150]!)).toBeUndefined();
    expect(tracker.update(candles[200]!)?.time).toBe(candles[200]!.openTime);
  });

  it('explains the belief: feature contributions add up to the log-likelihood ratio of the top two states', () => {
    const tracker = new HmmRegimeTracker(model, () => 0);
    let previous: RegimeState | undefined;
    for (const c of candles.slice(0, 799)) previous = tracker.update(c);
    const state = tracker.update(candles[799]!)!;
    const explanation = tracker.explain()!;
    expect(explanation.drivers.map((d) => d.feature)).toEqual(model.features);
    const top = explanation.topState;
    const second = explanation.runnerUpState!;
    expect(second).not.toBe(top);
    expect(state.regime).toBe(explanation.top);
    // Bayes: log(p_top / p_second) = log(prior_top / prior_second) + Σ per-feature log-density differences.
    const prior = (j: number): number => previous!.probabilities.reduce((sum, p, i) => sum + p * state.transitions[i]![j]!, 0);
    const sum = explanation.drivers.reduce((a, d) => a + d.contribution, 0);
    expect(Math.log(state.probabilities[top]! / state.probabilities[second]!)).toBeCloseTo(Math.log(prior(top) / prior(second)) + sum, 8);
  });
});
