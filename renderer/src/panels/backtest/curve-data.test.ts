import { describe, expect, it } from 'vitest';
import { drawdownLine, returnLine, toLine } from './curve-data';

describe('curve data', () => {
  it('keeps times strictly ascending for the chart, the last value of a second winning', () => {
    const line = toLine([
      { time: 1_000, value: 1 },
      { time: 1_500, value: 2 },
      { time: 3_000, value: 3 },
      { time: 2_000, value: 9 },
      { time: 4_000, value: Number.NaN },
      { time: 5_000, value: 5 },
    ]);
    expect(line).toEqual([
      { time: 1, value: 2 },
      { time: 3, value: 3 },
      { time: 5, value: 5 },
    ]);
  });

  it('draws drawdown below zero in percent, and returns from the first point', () => {
    const equity = [
      { time: 0, equity: 200, drawdown: 0 },
      { time: 60_000, equity: 180, drawdown: 0.1 },
      { time: 120_000, equity: 220, drawdown: 0 },
    ];
    expect(drawdownLine(equity).map((p) => p.value)).toEqual([-0, -10, -0]);
    expect(returnLine(equity).map((p) => Math.round(p.value * 1e9) / 1e9)).toEqual([0, -10, 10]);
    expect(returnLine([])).toEqual([]);
  });
});
