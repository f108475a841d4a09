import { describe, expect, it } from 'vitest';
import type { BacktestTrade } from '../../engine-client/api-types';
import { nextSort, sortTrades } from './trade-sort';

const trade = (entryTime: number, pnl: number, extra: Partial<BacktestTrade> = {}): BacktestTrade => ({
  side: 'long', entryTime, entryPrice: 100, exitTime: entryTime + 60_000, exitPrice: 101, quantity: 1, pnl, returnFraction: pnl / 100, fees: 0.1, exitReason: 'signal', ...extra,
});

describe('trade sorting', () => {
  const trades = [trade(1_000, 5), trade(2_000, -3, { side: 'short', regime: 'stress' }), trade(3_000, 12, { exitTime: undefined, exitReason: 'open' })];

  it('sorts by a figure and keeps each trade\'s place in the run', () => {
    const byPnl = sortTrades(trades, { key: 'pnl', direction: 'desc' }, 10_000);
    expect(byPnl.map((t) => t.pnl)).toEqual([12, 5, -3]);
    expect(byPnl.map((t) => t.index)).toEqual([2, 0, 1]);
  });

  it('counts an open trade to the end of the test', () => {
    const byDuration = sortTrades(trades, { key: 'duration', direction: 'desc' }, 1_000_000);
    expect(byDuration[0]?.index).toBe(2);
  });

  it('keeps time order among equals', () => {
    const bySide = sortTrades(trades, { key: 'side', direction: 'asc' }, 10_000);
    expect(bySide.map((t) => t.index)).toEqual([0, 2, 1]);
  });

  it('flips the sorted column, and starts a new one where a trader looks first', () => {
    expect(nextSort({ key: 'pnl', direction: 'desc' }, 'pnl')).toEqual({ key: 'pnl', direction: 'asc' });
    expect(nextSort({ key: 'pnl', direction: 'asc' }, 'fees')).toEqual({ key: 'fees', direction: 'desc' });
    expect(nextSort({ key: 'pnl', direction: 'asc' }, 'regime')).toEqual({ key: 'regime', direction: 'asc' });
  });
});
