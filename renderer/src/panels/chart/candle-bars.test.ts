import { describe, expect, it } from 'vitest';
import type { CandleColumns } from '../../engine-client/api-types';
import { candleToBars, columnsToBars } from './candle-bars';

const colors = { up: 'green', down: 'red' };

describe('columnsToBars', () => {
  it('turns columns into candles and coloured volume bars with times in seconds', () => {
    const columns: CandleColumns = {
      openTime: [1_700_000_000_000, 1_700_000_060_000],
      open: [100, 101],
      high: [102, 101.5],
      low: [99, 99.5],
      close: [101, 100],
      volume: [5, 7],
    };
    expect(columnsToBars(columns, colors)).toEqual({
      candles: [
        { time: 1_700_000_000, open: 100, high: 102, low: 99, close: 101 },
        { time: 1_700_000_060, open: 101, high: 101.5, low: 99.5, close: 100 },
      ],
      volumes: [
        { time: 1_700_000_000, value: 5, color: 'green' },
        { time: 1_700_000_060, value: 7, color: 'red' },
      ],
    });
  });

  it('refuses columns of different lengths', () => {
    const columns: CandleColumns = { openTime: [0, 60_000], open: [1], high: [1], low: [1], close: [1], volume: [1] };
    expect(() => columnsToBars(columns, colors)).toThrow(/differ in length/);
  });

  it('maps 100,000 candles in one pass', () => {
    const n = 100_000;
    const openTime = Array.from({ length: n }, (_, i) => i * 60_000);
    const prices = Array.from({ length: n }, (_, i) => 100 + (i % 7));
    const bars = columnsToBars({ openTime, open: prices, high: prices, low: prices, close: prices, volume: prices }, colors);
    expect(bars.candles).toHaveLength(n);
    expect(bars.volumes.at(-1)?.time).toBe(((n - 1) * 60_000) / 1000);
  });
});

describe('candleToBars', () => {
  it('colours a flat candle as up', () => {
    const { candle, volume } = candleToBars({ openTime: 60_000, open: 5, high: 5, low: 5, close: 5, volume: 2 }, colors);
    expect(candle).toEqual({ time: 60, open: 5, high: 5, low: 5, close: 5 });
    expect(volume).toEqual({ time: 60, value: 2, color: 'green' });
  });
});
