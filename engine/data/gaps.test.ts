import { describe, expect, it } from 'vitest';
import { findGaps } from './gaps';

const M = 60_000;

describe('findGaps', () => {
  it('reports each run of missing bars with its size', () => {
    const times = [0, 1, 2, 5, 6, 9].map((i) => i * M);
    expect(findGaps(times, '1m')).toEqual([
      { from: 3 * M, to: 4 * M, missing: 2 },
      { from: 7 * M, to: 8 * M, missing: 2 },
    ]);
  });

  it('reports missing bars at the edges of a requested range', () => {
    expect(findGaps([3 * M, 4 * M], '1m', { from: 0, to: 6 * M })).toEqual([
      { from: 0, to: 2 * M, missing: 3 },
      { from: 5 * M, to: 6 * M, missing: 2 },
    ]);
    expect(findGaps([], '1m', { from: 0, to: 2 * M })).toEqual([{ from: 0, to: 2 * M, missing: 3 }]);
  });

  it('finds nothing in a contiguous series, and treats calendar months as contiguous', () => {
    expect(findGaps([0, M, 2 * M], '1m', { from: 0, to: 2 * M })).toEqual([]);
    const months = [Date.UTC(2024, 0, 1), Date.UTC(2024, 1, 1), Date.UTC(2024, 2, 1), Date.UTC(2024, 4, 1)];
    expect(findGaps(months, '1M')).toEqual([{ from: Date.UTC(2024, 3, 1), to: Date.UTC(2024, 3, 1), missing: 1 }]);
  });
});
