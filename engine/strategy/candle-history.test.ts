import { describe, expect, it } from 'vitest';
import { generateCandles } from '../testing/candles';
import { CandleRing } from './candle-history';

describe('CandleRing', () => {
  it('keeps the newest bars up to its capacity, at(0) being the current one', () => {
    const bars = generateCandles(10);
    const ring = new CandleRing(4);
    expect(ring.view.length).toBe(0);
    expect(ring.view.at(0)).toBeUndefined();
    for (const bar of bars.slice(0, 3)) ring.push(bar);
    expect(ring.view.length).toBe(3);
    expect(ring.view.at(0)).toBe(bars[2]);
    expect(ring.view.at(2)).toBe(bars[0]);
    expect(ring.view.at(3)).toBeUndefined();
    for (const bar of bars.slice(3)) ring.push(bar);
    expect(ring.view.length).toBe(4);
    expect([0, 1, 2, 3].map((i) => ring.view.at(i))).toEqual([bars[9], bars[8], bars[7], bars[6]]);
    expect(ring.view.at(4)).toBeUndefined();
  });

  it('answers nothing for negative, fractional or non-numeric offsets (no way to reach past the current bar)', () => {
    const ring = new CandleRing(3);
    for (const bar of generateCandles(3)) ring.push(bar);
    expect(ring.view.at(-1)).toBeUndefined();
    expect(ring.view.at(0.5)).toBeUndefined();
    expect(ring.view.at(Number.NaN)).toBeUndefined();
  });

  it('hands out a frozen view', () => {
    const ring = new CandleRing(2);
    expect(Object.isFrozen(ring.view)).toBe(true);
    expect(() => {
      (ring.view as { at: unknown }).at = () => undefined;
    }).toThrow(TypeError);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new CandleRing(0)).toThrow(RangeError);
    expect(() => new CandleRing(1.5)).toThrow(RangeError);
  });
});
