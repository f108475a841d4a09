import { describe, expect, it } from 'vitest';
import type { RegimeHistory, RegimeState } from '../../engine-client/api-types';
import { applyState, bandFromHistory, drawnLabels, stackedTops } from './regime-band-data';

const history: RegimeHistory = {
  modelId: 'm1',
  labels: ['range', 'trend-up', 'stress', 'range'],
  time: [0, 60_000],
  probabilities: [
    [0.1, 0.2],
    [0.6, 0.1],
    [0.2, 0.3],
    [0.1, 0.4],
  ],
  stored: 0,
  recomputed: 2,
};

function state(time: number, probabilities: number[], modelId = 'm1'): RegimeState {
  return {
    venue: 'sim',
    symbol: 'BTC/USDT',
    timeframe: '1m',
    time,
    receivedAt: time,
    modelId,
    labels: history.labels,
    probabilities,
    regime: 'range',
    confidence: Math.max(...probabilities),
    expectedDuration: 10,
    transitions: [],
  };
}

describe('regime band data', () => {
  it('stacks the regimes bottom to top, summing states that share a label', () => {
    const tops = stackedTops(history.labels, [0.1, 0.6, 0.2, 0.1]);
    expect(tops.stress).toBeCloseTo(0.2, 12);
    expect(tops['trend-down']).toBeCloseTo(0.2, 12); // absent: a slice of zero height
    expect(tops.range).toBeCloseTo(0.4, 12);
    expect(tops['trend-up']).toBeCloseTo(1, 12);
  });

  it('builds the band from history and draws only the regimes the model has, top slice first', () => {
    const band = bandFromHistory(history);
    expect(band.time).toEqual([0, 60_000]);
    expect(band.tops.range.map((v) => +v.toFixed(6))).toEqual([0.4, 0.9]);
    expect(drawnLabels(history.labels)).toEqual(['trend-up', 'range', 'stress']);
  });

  it('appends live states, replaces the last bar, ignores older bars and asks for a reload on another model', () => {
    const band = bandFromHistory(history);
    expect(applyState(band, state(120_000, [0.25, 0.25, 0.25, 0.25]))).toBe('appended');
    expect(band.time).toHaveLength(3);
    expect(applyState(band, state(120_000, [0, 1, 0, 0]))).toBe('replaced');
    expect(band.tops.range.at(-1)).toBe(0);
    expect(band.tops['trend-up'].at(-1)).toBe(1);
    expect(applyState(band, state(0, [1, 0, 0, 0]))).toBe('older');
    expect(applyState(band, state(180_000, [1, 0, 0, 0], 'm2'))).toBe('other-model');
    expect(band.time).toHaveLength(3);
  });
});
