import { describe, expect, it } from 'vitest';
import type { BacktestTrade } from '../../engine-client/api-types';
import { focusRange, tradeMarkers } from './trade-markers';

const long: BacktestTrade = { side: 'long', entryTime: 120_000, entryPrice: 100, exitTime: 600_000, exitPrice: 103, quantity: 1, pnl: 2.9, returnFraction: 0.029, fees: 0.1, exitReason: 'target' };
const short: BacktestTrade = { side: 'short', entryTime: 60_000, entryPrice: 100, quantity: 1, pnl: -1, returnFraction: -0.01, fees: 0.1, exitReason: 'open' };

describe('trade markers', () => {
  it('marks entries by side and exits by outcome, in time order, labelling only the focused trade', () => {
    const markers = tradeMarkers([long, short], 0);
    expect(markers.map((m) => [m.id, m.time, m.shape, m.position])).toEqual([
      ['bt-entry-1', 60, 'arrowDown', 'aboveBar'],
      ['bt-entry-0', 120, 'arrowUp', 'belowBar'],
      ['bt-exit-0', 600, 'square', 'aboveBar'],
    ]);
    expect(markers.find((m) => m.id === 'bt-exit-0')).toMatchObject({ color: '#26a69a', text: 'target +2.90%' });
    expect(markers.find((m) => m.id === 'bt-entry-1')?.text).toBeUndefined();
  });

  it('frames a focused trade with bars on both sides', () => {
    expect(focusRange(long, '1m', 1_000_000)).toEqual({ from: 120_000 - 1_800_000, to: 600_000 + 1_800_000 });
    // An open trade runs to the end of the test.
    expect(focusRange(short, '1h', 7_260_000)).toEqual({ from: 60_000 - 108_000_000, to: 7_260_000 + 108_000_000 });
  });
});
