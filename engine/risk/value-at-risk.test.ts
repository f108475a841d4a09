import { describe, expect, it } from 'vitest';
import { dailyReturns, historicalVar } from './value-at-risk';

describe('historicalVar', () => {
  // 100 returns: −10 %, −9 %, … −1 % and then 90 gains of +1 %.
  const returns = [...Array.from({ length: 10 }, (_, i) => -(10 - i) / 100), ...Array.from({ length: 90 }, () => 0.01)];

  it('95 %: the 5th worst return and the mean of the worst five', () => {
    const v = historicalVar(returns, 0.95, 10_000)!;
    expect(v.varFraction).toBeCloseTo(0.06, 12); // sorted: −10, −9, −8, −7, −6
    expect(v.cvarFraction).toBeCloseTo(0.08, 12); // (10 + 9 + 8 + 7 + 6) / 5
    expect(v.var).toBeCloseTo(600, 9);
    expect(v.cvar).toBeCloseTo(800, 9);
    expect(v.observations).toBe(100);
  });

  it('99 %: the worst return of 100', () => {
    const v = historicalVar(returns, 0.99, 1)!;
    expect(v.varFraction).toBeCloseTo(0.1, 12);
    expect(v.cvarFraction).toBeCloseTo(0.1, 12);
  });

  it('is undefined without one full tail observation, and refuses a bad confidence', () => {
    expect(historicalVar(returns.slice(0, 99), 0.99)).toBeUndefined();
    expect(historicalVar(returns.slice(0, 20), 0.95)).toBeDefined();
    expect(historicalVar([], 0.95)).toBeUndefined();
    expect(() => historicalVar(returns, 1)).toThrow(RangeError);
  });

  it('ignores non-finite returns', () => {
    expect(historicalVar([...returns, Number.NaN], 0.95)!.observations).toBe(100);
  });
});

describe('dailyReturns', () => {
  it('uses the last equity of each UTC day', () => {
    const D = 86_400_000;
    const r = dailyReturns([
        { time: 0, equity: 90 },
        { time: D - 1, equity: 100 },
        { time: D + 5, equity: 120 },
        { time: 2 * D - 1, equity: 110 },
        { time: 4 * D, equity: 99 },
    ]);
    // 100 → 110, then 110 → 99 (day 3 has no point and is skipped).
    expect(r).toHaveLength(2);
    expect(r[0]).toBeCloseTo(0.1, 12);
    expect(r[1]).toBeCloseTo(-0.1, 12);
  });
});
