import type { BacktestMetrics, BacktestTrade } from '../backtest-types';
import { meanStd, ratio } from './ratios';

type TradeFigures = Pick<BacktestMetrics, 'winRate' | 'profitFactor' | 'expectancy' | 'sqn' | 'trades' | 'bestTrade' | 'worstTrade' | 'averageTrade'>;

/**
 * Statistics of closed trades (a position left open at the end is not a trade yet). A win is a trade with
 * PnL > 0 after fees. Best, worst and average trade are return fractions of the entry notional; expectancy is
 * the mean PnL in quote currency; SQN = √N × mean PnL / standard deviation of PnL (Van Tharp, PnL in place of
 * R-multiples, N capped at 100 so that long tests are comparable).
 */
export function tradeStats(all: readonly BacktestTrade[]): TradeFigures {
  const closed = all.filter((t) => t.exitReason !== 'open');
  const n = closed.length;
  if (n === 0) return { winRate: 0, profitFactor: 0, expectancy: 0, sqn: 0, trades: 0, bestTrade: 0, worstTrade: 0, averageTrade: 0 };
  let wins = 0;
  let grossProfit = 0;
  let grossLoss = 0;
  let best = Number.NEGATIVE_INFINITY;
  let worst = Number.POSITIVE_INFINITY;
  let sumReturn = 0;
  const pnl = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = closed[i]!;
    pnl[i] = t.pnl;
    if (t.pnl > 0) {
      wins += 1;
      grossProfit += t.pnl;
    } else grossLoss -= t.pnl;
    best = Math.max(best, t.returnFraction);
    worst = Math.min(worst, t.returnFraction);
    sumReturn += t.returnFraction;
  }
  const { mean, std } = meanStd(pnl);
  return {
    winRate: wins / n,
    profitFactor: ratio(grossProfit, grossLoss),
    expectancy: mean,
    sqn: n > 1 ? ratio(mean, std) * Math.sqrt(Math.min(n, 100)) : 0,
    trades: n,
    bestTrade: best,
    worstTrade: worst,
    averageTrade: sumReturn / n,
  };
}
