import { describe, expect, it } from 'vitest';
import { divRound, formatUnits, mulUnits, parseUnits, unitsFromNumber, unitsToNumber } from './money';

describe('integer money', () => {
  it('parses and formats decimals exactly', () => {
    expect(parseUnits('105573.73', 2)).toBe(10557373n);
    expect(parseUnits('-0.5', 8)).toBe(-50_000_000n);
    expect(parseUnits('1.10', 1)).toBe(11n);
    expect(formatUnits(10557373n, 2)).toBe('105573.73');
    expect(formatUnits(-5n, 3)).toBe('-0.005');
    expect(formatUnits(42n, 0)).toBe('42');
  });

  it('refuses more decimals than the scale instead of rounding silently', () => {
    expect(() => parseUnits('0.123', 2)).toThrow(/more than 2 decimals/);
    expect(() => parseUnits('1e5', 2)).toThrow(/not a decimal/);
  });

  it('does not drift where floats do', () => {
    let units = 0n;
    let float = 0;
    for (let i = 0; i < 1000; i++) {
      units += parseUnits('0.1', 8);
      float += 0.1;
    }
    expect(formatUnits(units, 8)).toBe('100.00000000');
    expect(float).not.toBe(100);
  });

  it('rounds half away from zero when dividing', () => {
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(divRound(4n, 3n)).toBe(1n);
    expect(divRound(-4n, 3n)).toBe(-1n);
    expect(() => divRound(1n, 0n)).toThrow(RangeError);
  });

  it('multiplies a price by a quantity into a notional scale', () => {
    // 105573.73 (scale 2) × 0.015 BTC (scale 3) = 1583.60595 → 1583.61 at scale 2
    expect(formatUnits(mulUnits(10557373n, 2, 15n, 3, 2), 2)).toBe('1583.61');
    expect(mulUnits(3n, 0, 2n, 0, 2)).toBe(600n);
  });

  it('converts floats from the edges with rounding', () => {
    expect(unitsFromNumber(0.1 + 0.2, 2)).toBe(30n);
    expect(unitsFromNumber(-1.005, 2)).toBe(-101n);
    expect(unitsToNumber(12345n, 2)).toBe(123.45);
    expect(() => unitsFromNumber(Number.NaN, 2)).toThrow(/finite/);
  });
});
