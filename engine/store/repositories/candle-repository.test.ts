import { describe, expect, it } from 'vitest';
import { generateCandles } from '../../testing/candles';
import { openDatabase } from '../database';
import { CandleRepository } from './candle-repository';

const key = { venue: 'bybit', symbol: 'BTC/USDT:USDT', timeframe: '1m' } as const;

describe('CandleRepository', () => {
  it('stores candles per series, unique per open time, and lists what is stored', () => {
    const db = openDatabase({ path: ':memory:' });
    const repo = new CandleRepository(db);
    const candles = generateCandles(100);
    repo.upsertMany(key, candles, 1);
    repo.upsertMany(key, candles.slice(90), 2);
    repo.upsertMany({ ...key, timeframe: '5m' }, generateCandles(3, { stepMs: 300_000 }), 3);
    expect(repo.count(key)).toBe(100);
    expect(repo.listSeries()).toEqual([
      { ...key, count: 100, firstOpenTime: candles[0]?.openTime, lastOpenTime: candles[99]?.openTime },
      expect.objectContaining({ timeframe: '5m', count: 3 }),
    ]);
    db.close();
  });

  it('replaces a candle seen again with its new values (a still-open bar)', () => {
    const db = openDatabase({ path: ':memory:' });
    const repo = new CandleRepository(db);
    const [first] = generateCandles(1);
    if (!first) throw new Error('no candle');
    repo.upsertMany(key, [first], 1);
    repo.upsertMany(key, [{ ...first, close: first.high, volume: 99 }], 2);
    const columns = repo.range(key);
    expect(columns.close).toEqual([first.high]);
    expect(columns.volume).toEqual([99]);
    expect(db.prepare('SELECT received_at FROM candles').pluck().get()).toBe(2);
    db.close();
  });

  it('reads a range in time order, and the most recent N with a limit', () => {
    const db = openDatabase({ path: ':memory:' });
    const repo = new CandleRepository(db);
    const candles = generateCandles(50);
    repo.upsertMany(key, candles, 1);
    const t = (i: number): number => candles[i]?.openTime ?? -1;
    expect(repo.range(key, { from: t(10), to: t(12) }).openTime).toEqual([t(10), t(11), t(12)]);
    expect(repo.range(key, { limit: 2 }).openTime).toEqual([t(48), t(49)]);
    expect(repo.range({ ...key, symbol: 'NOPE' }).openTime).toEqual([]);
    db.close();
  });

  it('writes nothing when a batch fails half-way', () => {
    const db = openDatabase({ path: ':memory:' });
    const repo = new CandleRepository(db);
    const candles = generateCandles(10);
    const broken = [...candles.slice(0, 5), { ...candles[5], open: null as unknown as number }, ...candles.slice(6)];
    expect(() => repo.upsertMany(key, broken as never, 1)).toThrow();
    expect(repo.count(key)).toBe(0);
    repo.upsertMany(key, candles, 1);
    expect(repo.count(key)).toBe(10);
    db.close();
  });
});
