import { REGIME_LABELS, type RegimeLabel } from '../../model/regime';
import type { BacktestTrade, RegimeBreakdown } from '../backtest-types';

/**
 * Results by regime: bars spent in each regime (the regime after each bar; `none` before a model has an
 * opinion or without one), the trades entered in it, their PnL and win rate, and the compounded equity return
 * of the bars in that regime (each bar's return counts toward the regime it closed in).
 */
export function regimeBreakdown(
  regimes: readonly (RegimeLabel | undefined)[],
  equity: ArrayLike<number>,
  startEquity: number,
  trades: readonly BacktestTrade[],
): RegimeBreakdown[] {
  const keys: (RegimeLabel | 'none')[] = [...REGIME_LABELS, 'none'];
  const acc = new Map(keys.map((k) => [k, { bars: 0, growth: 1, trades: 0, wins: 0, pnl: 0 }]));
  let previous = startEquity;
  for (let i = 0; i < equity.length; i++) {
    const a = acc.get(regimes[i] ?? 'none')!;
    a.bars += 1;
    const e = equity[i]!;
    if (previous > 0) a.growth *= e / previous;
    previous = e;
  }
  for (const t of trades) {
    if (t.exitReason === 'open') continue;
    const a = acc.get(t.regime ?? 'none')!;
    a.trades += 1;
    a.pnl += t.pnl;
    if (t.pnl > 0) a.wins += 1;
  }
  return keys
    .map((regime) => {
      const a = acc.get(regime)!;
      return { regime, bars: a.bars, trades: a.trades, pnl: a.pnl, winRate: a.trades > 0 ? a.wins / a.trades : 0, returnFraction: a.growth - 1 };
    })
    .filter((r) => r.bars > 0 || r.trades > 0);
}
