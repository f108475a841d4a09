import { describe, expect, it } from 'vitest';
import { sparklinePoints } from './equity-sparkline';

describe('equity sparkline', () => {
  it('scales time to the width and value to the height, highest at the top', () => {
    expect(
      sparklinePoints(
        [
          { time: 0, value: 100 },
          { time: 50, value: 150 },
          { time: 100, value: 50 },
        ],
        200,
        20,
      ),
    ).toBe('0.0,10.0 100.0,0.0 200.0,20.0');
  });

  it('keeps a tiny move of a large value nearly flat', () => {
    expect(sparklinePoints([{ time: 0, value: 10_000 }, { time: 10, value: 9_999.97 }], 100, 20)).toBe('0.0,10.0 100.0,10.0');
    // A 0.1 % drop takes half the height.
    expect(sparklinePoints([{ time: 0, value: 10_000 }, { time: 10, value: 9_990 }], 100, 20)).toBe('0.0,5.0 100.0,15.0');
  });

  it('draws a flat series in the middle, a single point at the right, and nothing for no points', () => {
    expect(sparklinePoints([{ time: 0, value: 5 }, { time: 10, value: 5 }], 100, 10)).toBe('0.0,5.0 100.0,5.0');
    expect(sparklinePoints([{ time: 3, value: 5 }], 100, 10)).toBe('100.0,5.0');
    expect(sparklinePoints([], 100, 10)).toBe('');
    expect(sparklinePoints([{ time: 0, value: Number.NaN }], 100, 10)).toBe('');
  });
});
