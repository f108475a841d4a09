import { describe, expect, it } from 'vitest';
import { buildHeatmap, colorScale, variedParams } from './heatmap';

const points = [
  { params: { fast: 5, slow: 20, mode: 'a' }, value: 0.2 },
  { params: { fast: 5, slow: 20, mode: 'b' }, value: 0.6 },
  { params: { fast: 10, slow: 20, mode: 'a' }, value: -0.1 },
  { params: { fast: 5, slow: 40, mode: 'a' }, value: Number.NaN },
  { params: { fast: 10, slow: 40, mode: 'b' }, value: 0.4 },
  { params: { fast: 2, slow: 40, mode: 'a' }, value: 0.1 },
];

describe('heatmap', () => {
  it('lays points on a grid of two parameters, keeping the best value of each cell', () => {
    const grid = buildHeatmap(points, 'fast', 'slow');
    expect(grid.xs).toEqual([2, 5, 10]);
    expect(grid.ys).toEqual([20, 40]);
    expect(grid.cells.map((c) => c.value)).toEqual([null, 0.6, -0.1, 0.1, null, 0.4]);
    expect(grid.cells.map((c) => c.count)).toEqual([0, 2, 1, 1, 1, 1]);
    expect(grid.min).toBe(-0.1);
    expect(grid.max).toBe(0.6);
  });

  it('names only the parameters that varied', () => {
    expect(variedParams(points)).toEqual(['fast', 'slow', 'mode']);
    expect(variedParams([{ params: { fast: 5, slow: 20 } }, { params: { fast: 5, slow: 30 } }])).toEqual(['slow']);
  });

  it('scales sequentially from min to max', () => {
    const scale = colorScale(0, 1);
    expect(scale.diverging).toBe(false);
    expect(scale.position(0)).toBe(0);
    expect(scale.position(0.5)).toBe(0.5);
    expect(scale.position(2)).toBe(1);
    expect(scale.color(0)).toBe('rgb(22, 35, 58)');
    expect(scale.color(1)).toBe('rgb(227, 179, 65)');
    expect(scale.ticks(3)).toEqual([0, 0.5, 1]);
    expect(scale.gradient()).toMatch(/^linear-gradient\(to right, rgb\(22, 35, 58\) 0\.0%, .* rgb\(227, 179, 65\) 100\.0%\)$/);
  });

  it('centres a diverging scale on zero when values straddle it', () => {
    const scale = colorScale(-0.5, 1);
    expect(scale.diverging).toBe(true);
    expect(scale.position(0)).toBe(0.5);
    expect(scale.position(1)).toBe(1);
    expect(scale.position(-0.5)).toBe(0.25);
    expect(scale.color(0)).toBe('rgb(48, 54, 64)');
    expect(scale.color(1)).toBe('rgb(38, 166, 154)');
  });

  it('copes with a single value', () => {
    const scale = colorScale(0.3, 0.3);
    expect(scale.position(0.3)).toBe(1);
    expect(scale.ticks()).toEqual([0.3]);
    const grid = buildHeatmap([{ params: { a: 1, b: 1 }, value: Number.NaN }], 'a', 'b');
    expect(grid).toMatchObject({ min: 0, max: 0 });
  });
});
