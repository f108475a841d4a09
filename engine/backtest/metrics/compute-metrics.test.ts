import { describe, expect, it } from 'vitest';
import type { BacktestTrade } from '../backtest-types';
import { periodsPerYear } from './annualisation';
import { computeMetrics } from './compute-metrics';
import { drawdownStats } from './drawdown';
import { equityCurve } from './equity-curve';
import { RATIO_CAP } from './ratios';
import { regimeBreakdown } from './regime-breakdown';
import { tradeStats } from './trade-stats';

const DAY = 86_400_000;
const trade = (pnl: number, returnFraction: number, extra: Partial<BacktestTrade> = {}): BacktestTrade => ({
  side: 'long',
  entryTime: 0,
  entryPrice: 100,
  exitTime: DAY,
  exitPrice: 100 * (1 + returnFraction),
  quantity: 1,
  pnl,
  returnFraction,
  fees: 0,
  exitReason: 'signal',
  ...extra,
});

describe('backtest metrics, computed by hand', () => {
  // Equity 100 → 110 → 99 → 121 over three daily bars, with three bars to the year so that one year passes.
  const input = {
    startEquity: 100,
    equity: [110, 99, 121],
    times: [DAY, 2 * DAY, 3 * DAY],
    startTime: 0,
    trades: [trade(10, 0.1), trade(-5, -0.05), trade(20, 0.2), trade(-5, -0.05), trade(3, 0.03, { exitReason: 'open' })],
    exposedBars: 2,
    firstOpen: 50,
    lastClose: 60,
    fees: 1.5,
    periodsPerYear: 3,
  };
  const m = computeMetrics(input);

  it('returns, CAGR, volatility, Sharpe and Sortino', () => {
    // Per-bar returns +10 %, −10 %, +22.2… %.
    const r = [0.1, -0.1, 121 / 99 - 1];
    const mean = (r[0]! + r[1]! + r[2]!) / 3;
    const std = Math.sqrt(((r[0]! - mean) ** 2 + (r[1]! - mean) ** 2 + (r[2]! - mean) ** 2) / 2);
    expect(m.totalReturn).toBeCloseTo(0.21, 12);
    expect(m.endEquity).toBe(121);
    expect(m.cagr).toBeCloseTo(0.21, 12); // one year exactly
    expect(m.annualVolatility).toBeCloseTo(std * Math.sqrt(3), 12);
    expect(m.sharpe).toBeCloseTo((mean / std) * Math.sqrt(3), 12);
    // Downside deviation √(0.1² / 3): only the −10 % bar is below zero, averaged over all three bars.
    expect(m.sortino).toBeCloseTo((mean / Math.sqrt(0.01 / 3)) * Math.sqrt(3), 12);
  });

  it('drawdown, its duration, Calmar, exposure, buy & hold, fees', () => {
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12); // 110 → 99
    expect(m.maxDrawdownDuration).toBe(2 * DAY); // peak at day 1, back above it at day 3
    expect(m.calmar).toBeCloseTo(2.1, 12);
    expect(m.exposure).toBeCloseTo(2 / 3, 12);
    expect(m.buyAndHoldReturn).toBeCloseTo(0.2, 12);
    expect(m.fees).toBe(1.5);
  });

  it('trade statistics count closed trades only', () => {
    expect(m.trades).toBe(4);
    expect(m.winRate).toBe(0.5);
    expect(m.profitFactor).toBe(3); // 30 won / 10 lost
    expect(m.expectancy).toBeCloseTo(5, 12);
    // PnL 10, −5, 20, −5: mean 5, sample std √(450 / 3); SQN = √4 × 5 / √150.
    expect(m.sqn).toBeCloseTo((2 * 5) / Math.sqrt(150), 12);
    expect(m.bestTrade).toBe(0.2);
    expect(m.worstTrade).toBe(-0.05);
    expect(m.averageTrade).toBeCloseTo(0.05, 12);
  });

  it('reports capped ratios instead of infinities, and zeros for no trades', () => {
    expect(tradeStats([trade(5, 0.05), trade(1, 0.01)]).profitFactor).toBe(RATIO_CAP);
    expect(tradeStats([])).toEqual({ winRate: 0, profitFactor: 0, expectancy: 0, sqn: 0, trades: 0, bestTrade: 0, worstTrade: 0, averageTrade: 0 });
    const flat = computeMetrics({ ...input, equity: [100, 100, 100], trades: [] });
    expect(flat.sharpe).toBe(0);
    expect(flat.sortino).toBe(0);
    expect(flat.calmar).toBe(0);
    const up = computeMetrics({ ...input, equity: [101, 102, 103], trades: [] });
    expect(up.sortino).toBe(RATIO_CAP);
    expect(up.calmar).toBe(RATIO_CAP);
    expect(JSON.parse(JSON.stringify(up))).toEqual(up);
  });

  it('a curve that ends under water counts the time since its peak', () => {
    expect(drawdownStats([100, 120, 90, 100], [0, 1, 2, 5])).toEqual({ maxDrawdown: 0.25, maxDuration: 4 });
    const out = new Float64Array(4);
    drawdownStats([100, 120, 90, 100], [0, 1, 2, 5], out);
    expect([...out]).toEqual([0, 0, 0.25, 20 / 120]);
  });

  it('annualises by timeframe: 24/7 crypto and 252-day stocks', () => {
    expect(periodsPerYear('1h')).toBeCloseTo(8_766, 9);
    expect(periodsPerYear('1d')).toBeCloseTo(365.25, 9);
    expect(periodsPerYear('1d', 'stock')).toBe(252);
    expect(periodsPerYear('1h', 'stock')).toBe(252 * 7); // 6.5 h rounds to 7 hourly bars
    expect(periodsPerYear('1w')).toBe(52);
  });

  it('breaks results down by regime', () => {
    const rows = regimeBreakdown(['range', 'range', 'stress'], [110, 99, 121], 100, [
      trade(10, 0.1, { regime: 'range' }),
      trade(-5, -0.05, { regime: 'stress' }),
      trade(7, 0.07),
    ]);
    expect(rows).toEqual([
      { regime: 'range', bars: 2, trades: 1, pnl: 10, winRate: 1, returnFraction: expect.closeTo(-0.01, 12) as number },
      { regime: 'stress', bars: 1, trades: 1, pnl: -5, winRate: 0, returnFraction: expect.closeTo(121 / 99 - 1, 12) as number },
      { regime: 'none', bars: 0, trades: 1, pnl: 7, winRate: 1, returnFraction: 0 },
    ]);
  });

  it('thins a long equity curve, keeping each bucket’s deepest drawdown', () => {
    const n = 10;
    const times = Array.from({ length: n }, (_, i) => i);
    const equity = Array.from({ length: n }, (_, i) => 100 + i);
    const dd = Array.from({ length: n }, (_, i) => (i === 3 ? 0.3 : 0));
    expect(equityCurve(times, equity, dd, 4)).toEqual([
      { time: 2, equity: 102, drawdown: 0 },
      { time: 5, equity: 105, drawdown: 0.3 },
      { time: 8, equity: 108, drawdown: 0 },
      { time: 9, equity: 109, drawdown: 0 },
    ]);
  });
});
