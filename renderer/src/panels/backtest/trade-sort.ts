import type { BacktestTrade } from '../../engine-client/api-types';

export type TradeSortKey = 'entryTime' | 'side' | 'duration' | 'pnl' | 'returnFraction' | 'fees' | 'exitReason' | 'regime';
export type SortDirection = 'asc' | 'desc';
export type TradeSort = { readonly key: TradeSortKey; readonly direction: SortDirection };

/** A trade with its place in the run, so a sorted table still names the trade the chart should focus. */
export type IndexedTrade = BacktestTrade & { readonly index: number };

/** How long a trade was held; an open one counts to the end of the test. */
export function tradeDuration(trade: BacktestTrade, endTime: number): number {
  return (trade.exitTime ?? endTime) - trade.entryTime;
}

/**
 * Trades in the order the table shows them. Ties keep time order, so sorting by side or regime
 * still reads chronologically within a group.
 */
export function sortTrades(trades: readonly BacktestTrade[], sort: TradeSort, endTime: number): IndexedTrade[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const indexed = trades.map((trade, index) => ({ ...trade, index }));
  const value = (t: IndexedTrade): number | string => {
    switch (sort.key) {
      case 'entryTime':
        return t.entryTime;
      case 'side':
        return t.side;
      case 'duration':
        return tradeDuration(t, endTime);
      case 'pnl':
        return t.pnl;
      case 'returnFraction':
        return t.returnFraction;
      case 'fees':
        return t.fees;
      case 'exitReason':
        return t.exitReason;
      case 'regime':
        return t.regime ?? '';
    }
  };
  return indexed.sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const order = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return order !== 0 ? sign * order : a.entryTime - b.entryTime || a.index - b.index;
  });
}

/** Clicking the sorted column flips it; another column starts descending for figures, ascending for words. */
export function nextSort(current: TradeSort, key: TradeSortKey): TradeSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  const words: readonly TradeSortKey[] = ['side', 'exitReason', 'regime', 'entryTime'];
  return { key, direction: words.includes(key) ? 'asc' : 'desc' };
}
