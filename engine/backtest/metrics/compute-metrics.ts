import type { BacktestMetrics, BacktestTrade } from '../backtest-types';
import { drawdownStats } from './drawdown';
import { meanStd, ratio } from './ratios';
import { tradeStats } from './trade-stats';

export type MetricsInput = {
  readonly startEquity: number;
  /** Equity after each bar (marked at its close), and the time of each point (the bar's close time). */
  readonly equity: ArrayLike<number>;
  readonly times: ArrayLike<number>;
  /** Time of the starting equity (the first bar's open). */
  readonly startTime: number;
  readonly trades: readonly BacktestTrade[];
  /** Bars that ended with a position open. */
  readonly exposedBars: number;
  /** The first bar's open and the last bar's close: buy & hold's entry and exit. */
  readonly firstOpen: number;
  readonly lastClose: number;
  readonly fees: number;
  readonly periodsPerYear: number;
};

/**
 * Every figure of a backtest from its equity curve and trades. Conventions (docs/backtesting.md): per-bar simple
 * returns of the equity marked at each close, risk-free rate 0, sample standard deviation, annualised with the
 * bars in a year; Sortino's downside deviation is the root mean square of the negative returns over all bars.
 */
export function computeMetrics(input: MetricsInput): BacktestMetrics {
  const { equity, startEquity, periodsPerYear } = input;
  const n = equity.length;
  const returns = new Float64Array(n);
  let previous = startEquity;
  let downside = 0;
  for (let i = 0; i < n; i++) {
    const e = equity[i]!;
    const r = previous > 0 ? e / previous - 1 : 0;
    returns[i] = r;
    if (r < 0) downside += r * r;
    previous = e;
  }
  const { mean, std } = meanStd(returns);
  const downsideDeviation = n > 0 ? Math.sqrt(downside / n) : 0;
  const endEquity = n > 0 ? equity[n - 1]! : startEquity;
  const totalReturn = endEquity / startEquity - 1;
  const years = n / periodsPerYear;
  const cagr = years > 0 ? (endEquity > 0 ? Math.pow(endEquity / startEquity, 1 / years) - 1 : -1) : 0;
  const withStart = new Float64Array(n + 1);
  const timesWithStart = new Float64Array(n + 1);
  withStart[0] = startEquity;
  timesWithStart[0] = input.startTime;
  for (let i = 0; i < n; i++) {
    withStart[i + 1] = equity[i]!;
    timesWithStart[i + 1] = input.times[i]!;
  }
  const dd = drawdownStats(withStart, timesWithStart);
  const sqrtP = Math.sqrt(periodsPerYear);
  const stats = tradeStats(input.trades);
  return {
    startEquity,
    endEquity,
    totalReturn,
    cagr,
    annualVolatility: std * sqrtP,
    sharpe: ratio(mean, std) * (std > 0 ? sqrtP : 1),
    sortino: ratio(mean, downsideDeviation) * (downsideDeviation > 0 ? sqrtP : 1),
    calmar: ratio(cagr, dd.maxDrawdown),
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownDuration: dd.maxDuration,
    ...stats,
    exposure: n > 0 ? input.exposedBars / n : 0,
    buyAndHoldReturn: input.firstOpen > 0 ? input.lastClose / input.firstOpen - 1 : 0,
    fees: input.fees,
  };
}
