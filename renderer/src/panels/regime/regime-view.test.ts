import { describe, expect, it } from 'vitest';
import { driverWidths, formatDuration, heatColor, rankDrivers, stateNames } from './regime-view';
import { REGIME_NAMES } from './regime-colors';

describe('regime view helpers', () => {
  it('says how long a regime is expected to last in bars and in time', () => {
    expect(formatDuration(26.2, '1h')).toBe('26 bars ≈ 1d 2h');
    expect(formatDuration(82, '1m')).toBe('82 bars ≈ 1h 22m');
    expect(formatDuration(1, '5m')).toBe('1 bar ≈ 5m');
    expect(formatDuration(48, '1h')).toBe('48 bars ≈ 2d');
    expect(formatDuration(Number.POSITIVE_INFINITY, '1h')).toBe('indefinitely');
  });

  it('ranks drivers by the strength of their pull, missing features last', () => {
    const ranked = rankDrivers([
      { feature: 'return', value: 0.1, contribution: 0.2 },
      { feature: 'sentiment', value: null, contribution: 0 },
      { feature: 'volatility', value: -2, contribution: -3 },
      { feature: 'adx', value: 1, contribution: 1 },
    ]);
    expect(ranked.map((d) => d.feature)).toEqual(['volatility', 'adx', 'return', 'sentiment']);
    expect(driverWidths(ranked)).toEqual([1, 1 / 3, 0.2 / 3, 0]);
  });

  it('numbers states that share a label, and shades transitions by probability', () => {
    expect(stateNames(['range', 'stress', 'range'], REGIME_NAMES)).toEqual(['Range 1', 'Stress', 'Range 2']);
    expect(heatColor(0)).toBe('rgba(76, 141, 255, 0.060)');
    expect(heatColor(1)).toBe('rgba(76, 141, 255, 0.900)');
    expect(heatColor(0.04)).toBe('rgba(76, 141, 255, 0.228)');
  });
});
