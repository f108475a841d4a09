import { describe, expect, it } from 'vitest';
import type { BacktestMetrics } from '../../engine-client/api-types';
import { COMPARE_ROWS, bestOf, differingParams, paramLabel } from './compare-rows';

const base: BacktestMetrics = {
  startEquity: 10_000, endEquity: 11_000, totalReturn: 0.1, cagr: 0.2, annualVolatility: 0.3, sharpe: 1, sortino: 1.2, calmar: 1, maxDrawdown: 0.1,
  maxDrawdownDuration: 1_000, winRate: 0.5, profitFactor: 1.5, expectancy: 10, sqn: 1, exposure: 0.5, trades: 10, bestTrade: 100, worstTrade: -50,
  averageTrade: 10, buyAndHoldReturn: 0.05, fees: 20,
};
const row = (key: keyof BacktestMetrics) => COMPARE_ROWS.find((r) => r.key === key)!;

describe('comparison rows', () => {
  it('marks the best run of each row, by the side that is better', () => {
    const runs = [base, { ...base, totalReturn: 0.3, maxDrawdown: 0.05, fees: 40 }, { ...base, totalReturn: 0.3, maxDrawdown: 0.2 }];
    expect([...bestOf(row('totalReturn'), runs)]).toEqual([1, 2]);
    expect([...bestOf(row('maxDrawdown'), runs)]).toEqual([1]);
    expect([...bestOf(row('fees'), runs)]).toEqual([0, 2]);
  });

  it('marks nothing for facts, for ties across the board, or with nothing to compare', () => {
    expect(bestOf(row('trades'), [base, { ...base, trades: 99 }]).size).toBe(0);
    expect(bestOf(row('sharpe'), [base, base]).size).toBe(0);
    expect(bestOf(row('profitFactor'), [base, { ...base, profitFactor: Number.NaN }]).size).toBe(0);
    expect([...bestOf(row('profitFactor'), [base, { ...base, profitFactor: Infinity }])]).toEqual([1]);
  });
});

describe('run labels', () => {
  it('names only the parameters that tell runs apart', () => {
    const runs = [{ fast: 5, slow: 20, reverse: false }, { fast: 8, slow: 20, reverse: false }, { fast: 8, slow: 20, reverse: true }];
    expect(differingParams(runs)).toEqual(['fast', 'reverse']);
    expect(paramLabel(runs[2]!, ['fast', 'reverse'])).toBe('fast 8 · reverse true');
    expect(differingParams([{ fast: 5 }])).toEqual(['fast']);
    expect(paramLabel({ fast: 5 }, ['slow'])).toBe('slow —');
  });
});
