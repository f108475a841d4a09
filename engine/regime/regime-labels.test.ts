import { describe, expect, it } from 'vitest';
import { expectedDuration, labelStates } from './regime-labels';

describe('labelStates', () => {
  it('names the most volatile state stress, then trends by the sign of their drift, the rest range', () => {
    expect(
      labelStates([
        { meanReturn: 0.001, volatility: 1 },
        { meanReturn: -0.002, volatility: 3 },
        { meanReturn: -0.001, volatility: 1.5 },
        { meanReturn: 0.0001, volatility: 0.5 },
      ]),
    ).toEqual(['trend-up', 'stress', 'trend-down', 'range']);
  });

  it('never gives a state a trend label against its drift', () => {
    // No state drifts down: nothing is trend-down.
    expect(
      labelStates([
        { meanReturn: 0.0003, volatility: 1 },
        { meanReturn: 0.002, volatility: 1 },
        { meanReturn: 0.0001, volatility: 1.2 },
        { meanReturn: -0.01, volatility: 5 },
      ]),
    ).toEqual(['range', 'trend-up', 'range', 'stress']);
  });

  it('handles other numbers of states', () => {
    expect(labelStates([])).toEqual([]);
    expect(labelStates([{ meanReturn: 0.1, volatility: 1 }])).toEqual(['range']);
    expect(labelStates([{ meanReturn: -0.1, volatility: 1 }, { meanReturn: 0, volatility: 2 }])).toEqual(['trend-down', 'stress']);
    expect(
      labelStates([
        { meanReturn: 0.002, volatility: 1 },
        { meanReturn: 0, volatility: 4 },
        { meanReturn: 0.0001, volatility: 1 },
      ]),
    ).toEqual(['trend-up', 'stress', 'range']);
    const five = labelStates([
      { meanReturn: 0.002, volatility: 1 },
      { meanReturn: 0.001, volatility: 1 },
      { meanReturn: 0, volatility: 9 },
      { meanReturn: -0.001, volatility: 1 },
      { meanReturn: -0.0001, volatility: 1 },
    ]);
    expect(five).toEqual(['trend-up', 'range', 'stress', 'trend-down', 'range']);
  });

  it('expected duration is the mean of the geometric stay', () => {
    expect(expectedDuration(0.95)).toBeCloseTo(20, 9);
    expect(expectedDuration(0)).toBe(1);
    expect(expectedDuration(1)).toBe(Number.POSITIVE_INFINITY);
  });
});
