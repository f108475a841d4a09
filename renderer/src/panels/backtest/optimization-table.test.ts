import { describe, expect, it } from 'vitest';
import type { BacktestMetrics, OptimizationRow } from '../../engine-client/api-types';
import { buildHeatmap } from './heatmap';
import { scoreOf, sortRows } from './optimization-table';

const metrics = (totalReturn: number, maxDrawdown: number): BacktestMetrics => ({
  startEquity: 1, endEquity: 1, totalReturn, cagr: 0, annualVolatility: 0, sharpe: totalReturn * 10, sortino: 0, calmar: 0, maxDrawdown, maxDrawdownDuration: 0,
  winRate: 0, profitFactor: 0, expectancy: 0, sqn: 0, exposure: 0, trades: 3, bestTrade: 0, worstTrade: 0, averageTrade: 0, buyAndHoldReturn: 0, fees: 0,
});
const row = (rank: number, fast: number, slow: number, fitness: number, survival: number, ret: number, dd: number): OptimizationRow => ({
  rank, params: { fast, slow }, objective: fitness, fitness, components: { survival, profit: 0.5, adaptability: 0.5, robustness: 0.5 }, metrics: metrics(ret, dd), generation: 0,
});
const rows = [row(1, 5, 20, 0.8, 0.4, 0.1, 0.2), row(2, 10, 20, 0.6, 0.9, 0.3, 0.05), row(3, 5, 40, Number.NaN, 0.1, -0.2, 0.3)];

describe('optimisation table', () => {
  it('sorts by fitness or any of its parts, unknown values last', () => {
    expect(sortRows(rows, 'fitness').map((r) => r.rank)).toEqual([1, 2, 3]);
    expect(sortRows(rows, 'fitness', 'asc').map((r) => r.rank)).toEqual([2, 1, 3]);
    expect(sortRows(rows, 'survival').map((r) => r.rank)).toEqual([2, 1, 3]);
    expect(sortRows(rows, 'totalReturn').map((r) => r.rank)).toEqual([2, 1, 3]);
  });

  it('ranks a smaller drawdown higher', () => {
    expect(scoreOf(rows[1]!, 'maxDrawdown')).toBe(-0.05);
    expect(sortRows(rows, 'maxDrawdown').map((r) => r.rank)).toEqual([2, 1, 3]);
  });

  it('feeds the heatmap with the chosen figure', () => {
    const grid = buildHeatmap(rows.map((r) => ({ params: r.params, value: scoreOf(r, 'survival') })), 'fast', 'slow');
    expect(grid.cells.map((c) => c.value)).toEqual([0.4, 0.9, 0.1, null]);
  });
});
