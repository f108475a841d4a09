import type { BacktestResult, StrategyInfo } from '../../engine-client/api-types';

/** For tests: one series, one strategy and a stored run of it with two trades. */
export const labSeries = { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h' } as const;
export const labStrategies: StrategyInfo[] = [
  {
    name: 'sma-cross',
    description: 'crossover',
    origin: 'builtin',
    parameters: [
      { name: 'fast', kind: 'integer', default: 10, min: 2, max: 200, description: '' },
      { name: 'slow', kind: 'integer', default: 30, min: 3, max: 500, description: '' },
    ],
  },
];
const metrics = {
  startEquity: 10_000, endEquity: 10_500, totalReturn: 0.05, cagr: 0.4, annualVolatility: 0.2, sharpe: 1.5, sortino: 2, calmar: 3, maxDrawdown: 0.04,
  maxDrawdownDuration: 7_200_000, winRate: 0.5, profitFactor: 1.8, expectancy: 250, sqn: 1.9, exposure: 0.3, trades: 2, bestTrade: 400, worstTrade: -150,
  averageTrade: 250, buyAndHoldReturn: 0.02, fees: 12,
};
export const labResult: BacktestResult = {
  id: 'job-1', strategy: 'sma-cross', params: { fast: 5, slow: 20 }, ...labSeries, from: Date.UTC(2025, 0, 1), to: Date.UTC(2025, 0, 3), createdAt: Date.UTC(2025, 5, 1), metrics,
  equity: [
    { time: Date.UTC(2025, 0, 1), equity: 10_000, drawdown: 0 },
    { time: Date.UTC(2025, 0, 2), equity: 9_850, drawdown: 0.015 },
    { time: Date.UTC(2025, 0, 3), equity: 10_500, drawdown: 0 },
  ],
  trades: [
    { side: 'long', entryTime: Date.UTC(2025, 0, 1, 3), entryPrice: 100, exitTime: Date.UTC(2025, 0, 1, 9), exitPrice: 98.5, quantity: 100, pnl: -150, returnFraction: -0.015, fees: 6, exitReason: 'stop', regime: 'range' },
    { side: 'short', entryTime: Date.UTC(2025, 0, 2, 3), entryPrice: 99, exitTime: Date.UTC(2025, 0, 2, 20), exitPrice: 95, quantity: 100, pnl: 400, returnFraction: 0.04, fees: 6, exitReason: 'target', regime: 'trend-down' },
  ],
  byRegime: [
    { regime: 'range', bars: 30, trades: 1, pnl: -150, winRate: 0, returnFraction: -0.015 },
    { regime: 'trend-down', bars: 18, trades: 1, pnl: 400, winRate: 1, returnFraction: 0.04 },
  ],
};
