import { describe, expect, it } from 'vitest';
import { BollingerBands } from './bollinger-bands';
import { randomWalkCandles } from './test-candles';

describe('BollingerBands.advance', () => {
  const closes = randomWalkCandles(600, 7).map((c) => c.close);

  it('moves the bands exactly as update does, without a value object', () => {
    const updated = new BollingerBands(20, 2);
    const advanced = new BollingerBands(20, 2);
    for (let i = 0; i < closes.length; i++) {
      const value = updated.update(closes[i]!);
      const full = advanced.advance(closes[i]!);
      expect(full).toBe(value !== undefined);
      expect(advanced.isReady).toBe(updated.isReady);
      if (value === undefined) {
        expect(advanced.middle).toBeNaN();
        expect(advanced.value).toBeUndefined();
        continue;
      }
      // Bit for bit: the backtest results depend on it.
      expect([advanced.middle, advanced.upper, advanced.lower]).toEqual([value.middle, value.upper, value.lower]);
      expect(advanced.value).toEqual(value);
    }
  });

  it('builds `value` from the last advance, also after a mix of both calls and a reset', () => {
    const bands = new BollingerBands(3, 2);
    expect(bands.advance(1)).toBe(false);
    expect(bands.isReady).toBe(false);
    bands.advance(2);
    expect(bands.advance(3)).toBe(true);
    expect(bands.isReady).toBe(true);
    const first = bands.value!;
    expect(first.middle).toBe(2);
    expect(first.percentB).toBeCloseTo(0.5 + 1 / (4 * Math.sqrt(2 / 3)), 12);
    expect(bands.value).toBe(first); // built once, then kept
    const next = bands.update(4)!;
    expect(next.middle).toBe(3);
    expect(bands.value).toBe(next);
    bands.advance(8);
    expect(bands.value!.middle).toBe(5);
    expect(bands.value!.percentB).toBeCloseTo((8 - bands.lower) / (bands.upper - bands.lower), 12);
    bands.reset();
    expect(bands.isReady).toBe(false);
    expect(bands.value).toBeUndefined();
    expect(bands.middle).toBeNaN();
    expect(bands.advance(5)).toBe(false);
  });
});
