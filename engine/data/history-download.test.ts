import { afterEach, describe, expect, it } from 'vitest';
import { startMarketDataHarness, type MarketDataHarness } from '../testing/market-data-harness';

const NOW = Date.UTC(2025, 2, 3, 10, 30, 15);
const MINUTE = 60_000;
const SERIES = { venue: 'bybit', symbol: 'BTC/USDT:USDT', timeframe: '1m' } as const;
const clock = { now: () => NOW };

describe('history download against the Bybit emulator', () => {
  let harness: MarketDataHarness;
  afterEach(async () => harness?.close());

  const storedMinutes = () => {
    const c = harness.candles.candles(SERIES);
    return c.openTime.map((openTime, i) => ({ openTime, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] }));
  };

  it('pages through history, resumes after an interruption, and stores exactly the venue candles', async () => {
    harness = await startMarketDataHarness({ emulator: { now: NOW, historyMinutes: 5 * 1440 }, clock });
    const since = NOW - 3 * 1440 * MINUTE;
    const abort = new AbortController();
    const first = await harness.service.download({ ...SERIES, since }, { signal: abort.signal, onProgress: (p) => p.requests >= 2 && abort.abort() });
    expect(first.stored).toBeGreaterThanOrEqual(1000);
    expect(first.fraction).toBeLessThan(1);
    const interruptedAt = harness.candles.lastOpenTime(SERIES)!;

    harness.emulator.clearRequests();
    const second = await harness.service.download({ ...SERIES, since });
    expect(second.resumedFrom).toBe(interruptedAt);
    const firstRequest = new URLSearchParams(harness.emulator.requests('/v5/market/kline')[0]!.query);
    expect(Number(firstRequest.get('start'))).toBe(interruptedAt);
    expect(second.fraction).toBe(1);

    const expected = harness.emulator.market.closedMinutes('linear', 'BTCUSDT', since, NOW);
    expect(storedMinutes()).toEqual(expected);
    expect(expected).toHaveLength(3 * 1440);
    expect(harness.service.gaps(SERIES, { from: since - (since % MINUTE), to: expected.at(-1)!.openTime })).toEqual([]);
  });

  it('backs off on rate limits and 5xx answers and still completes', async () => {
    harness = await startMarketDataHarness({ emulator: { now: NOW, historyMinutes: 2 * 1440 }, clock });
    harness.emulator.faults.failNext(3, { kind: 'rate-limit' }, '/v5/market/kline');
    harness.emulator.faults.failNext(2, { kind: 'server-error', status: 503 }, '/v5/market/kline');
    const since = NOW - 1440 * MINUTE;
    const result = await harness.service.download({ ...SERIES, since });
    expect(result.retries).toBe(5);
    expect(storedMinutes()).toEqual(harness.emulator.market.closedMinutes('linear', 'BTCUSDT', since, NOW));
  });

  it('stops on an operational error and keeps what it stored', async () => {
    harness = await startMarketDataHarness({ emulator: { now: NOW, historyMinutes: 2 * 1440 }, clock });
    await expect(harness.service.download({ ...SERIES, symbol: 'DOGE/BTC', since: NOW - 1440 * MINUTE })).rejects.toThrow(/unknown symbol "DOGE\/BTC" on bybit/);
    await expect(harness.service.download({ ...SERIES, venue: 'mtgox', since: 0 })).rejects.toThrow(/unknown venue "mtgox"; use one of bybit/);
  });

  it('reports gaps in stored history and fills them', async () => {
    harness = await startMarketDataHarness({ emulator: { now: NOW, historyMinutes: 2 * 1440 }, clock });
    const since = NOW - 600 * MINUTE - (NOW % MINUTE);
    const all = harness.emulator.market.closedMinutes('linear', 'BTCUSDT', since, NOW);
    const holes = all.filter((_, i) => !(i >= 100 && i < 130) && !(i >= 400 && i < 401));
    harness.candles.appendHistory(SERIES, holes);
    const range = { from: since, to: all.at(-1)!.openTime };
    expect(harness.service.gaps(SERIES, range)).toEqual([
      { from: all[100]!.openTime, to: all[129]!.openTime, missing: 30 },
      { from: all[400]!.openTime, to: all[400]!.openTime, missing: 1 },
    ]);
    const filled = await harness.service.fillGaps(SERIES, range);
    expect(filled).toMatchObject({ gaps: 2, stored: 31, remaining: [] });
    expect(storedMinutes()).toEqual(all);
  });

  it('aggregates 1m into 5m, 15m, 1h, 4h and 1d bars equal to the venue own', async () => {
    const venue = await import('../adapters/venue-table').then((m) => m.VENUES.bybit);
    const minuteOnly = { ...venue, capabilities: { ...venue.capabilities, nativeTimeframes: ['1m' as const] } };
    harness = await startMarketDataHarness({ emulator: { now: NOW, historyMinutes: 4 * 1440 }, clock, venue: minuteOnly });
    const since = Date.UTC(2025, 1, 28);
    const pairs = [
      ['5m', '5'],
      ['15m', '15'],
      ['1h', '60'],
      ['4h', '240'],
      ['1d', 'D'],
    ] as const;
    for (const [timeframe, interval] of pairs) {
      await harness.service.download({ ...SERIES, timeframe, since });
      const c = harness.candles.candles({ ...SERIES, timeframe });
      const ours = c.openTime.map((openTime, i) => ({ openTime, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] }));
      const venueBars = harness.emulator.market
        .bars('linear', 'BTCUSDT', interval, since, NOW)
        .filter((bar) => bar.closed)
        .map(({ openTime, open, high, low, close, volume }) => ({ openTime, open, high, low, close, volume }));
      expect(ours.length, timeframe).toBeGreaterThan(0);
      expect(ours, timeframe).toEqual(venueBars);
    }
  });
});
