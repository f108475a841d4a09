import type { RegimeLabel } from '../model/regime';

/**
 * Backtest results as they cross the API and are stored: plain numbers in quote currency (display
 * values converted at the edge from the integer accounting), times in ms since the epoch.
 */

/** The conventions of each figure are written in docs/backtesting.md. */
export type BacktestMetrics = {
  readonly startEquity: number;
  readonly endEquity: number;
  /** Fractions, not percent: 0.12 = 12 %. */
  readonly totalReturn: number;
  readonly cagr: number;
  readonly annualVolatility: number;
  readonly sharpe: number;
  readonly sortino: number;
  readonly calmar: number;
  readonly maxDrawdown: number;
  /** Longest time from a peak to the recovery of that peak (or to the end), ms. */
  readonly maxDrawdownDuration: number;
  readonly winRate: number;
  readonly profitFactor: number;
  /** Average PnL per trade in quote currency. */
  readonly expectancy: number;
  readonly sqn: number;
  /** Fraction of bars with an open position. */
  readonly exposure: number;
  readonly trades: number;
  readonly bestTrade: number;
  readonly worstTrade: number;
  readonly averageTrade: number;
  readonly buyAndHoldReturn: number;
  readonly fees: number;
};

export type EquityPoint = { readonly time: number; readonly equity: number; readonly drawdown: number };

export type BacktestTrade = {
  readonly side: 'long' | 'short';
  readonly entryTime: number;
  readonly entryPrice: number;
  readonly exitTime?: number;
  readonly exitPrice?: number;
  readonly quantity: number;
  readonly pnl: number;
  readonly returnFraction: number;
  readonly fees: number;
  readonly exitReason: 'signal' | 'stop' | 'target' | 'end-of-test' | 'open';
  readonly regime?: RegimeLabel;
};

export type RegimeBreakdown = {
  readonly regime: RegimeLabel | 'none';
  readonly bars: number;
  readonly trades: number;
  readonly pnl: number;
  readonly winRate: number;
  readonly returnFraction: number;
};

export type BacktestSummary = {
  readonly id: string;
  readonly strategy: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  readonly venue: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly from: number;
  readonly to: number;
  readonly createdAt: number;
  readonly metrics: BacktestMetrics;
};

export type BacktestResult = BacktestSummary & {
  readonly equity: readonly EquityPoint[];
  readonly trades: readonly BacktestTrade[];
  readonly byRegime: readonly RegimeBreakdown[];
};

export type BacktestProgress = {
  readonly jobId: string;
  readonly kind: 'backtest' | 'optimize' | 'walkforward';
  readonly done: number;
  readonly total: number;
  readonly state: 'running' | 'done' | 'failed' | 'cancelled';
  readonly message?: string;
};
