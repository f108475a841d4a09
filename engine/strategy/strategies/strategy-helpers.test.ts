import { describe, expect, it } from 'vitest';
import { atrLevels, clamp01, CrossDetector, price, signed } from './strategy-helpers';

describe('CrossDetector', () => {
  it('reports a cross only when the side changes, never for the first side', () => {
    const cross = new CrossDetector();
    expect([0, -1, -2, 1, 2, -0.5].map((d) => cross.update(d))).toEqual([0, 0, 0, 1, 0, -1]);
  });

  it('touching zero keeps the side: touching and turning back is no cross', () => {
    const cross = new CrossDetector();
    expect([1, 0, 1, 0, 0, -1].map((d) => cross.update(d))).toEqual([0, 0, 0, 0, 0, -1]);
    expect(cross.side).toBe(-1);
  });
});

describe('atrLevels', () => {
  it('puts the stop on the losing side and the target on the winning side', () => {
    expect(atrLevels('long', 100, 2, 1.5, 3)).toEqual({ stop: 97, target: 106 });
    expect(atrLevels('short', 100, 2, 1.5, 3)).toEqual({ stop: 103, target: 94 });
    expect(atrLevels('long', 100, 2, 0, 0)).toEqual({});
    // A stop that would be at or below zero is left out.
    expect(atrLevels('long', 1, 2, 1, 0)).toEqual({});
  });
});

describe('formatting', () => {
  it('writes prices and signed values for rationales', () => {
    expect(price(64210.53)).toBe('64,210.5');
    expect(price(1.08423)).toBe('1.08');
    expect(price(1_234_567)).toBe('1,234,567');
    expect(price(100)).toBe('100');
    expect(price(999.999)).toBe('1,000');
    expect(price(0.0000231549)).toBe('0.00002315');
    expect(price(-2500.25)).toBe('-2,500.3');
    expect(signed(0.8)).toBe('+0.80');
    expect(signed(-1.254)).toBe('−1.25');
    expect(signed(0.0004)).toBe('+0.00040');
    expect(clamp01(1.3)).toBe(1);
    expect(clamp01(-1)).toBe(0);
  });
});
