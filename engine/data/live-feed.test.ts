import { afterEach, describe, expect, it } from 'vitest';
import type { Candle } from '../model/candle';
import { eventually } from '../testing/eventually';
import { startMarketDataHarness, type MarketDataHarness } from '../testing/market-data-harness';
import type { CandleEvent } from './candle-service';
import type { FeedStatus } from './live-feed';
import type { TradesEvent } from './trade-recorder';

const MINUTE = 60_000;
const SERIES = { venue: 'bybit', symbol: 'BTC/USDT:USDT', timeframe: '1m' } as const;

/** Market time starts a few seconds into a minute and runs 60× faster than the wall clock. */
const start = () => Math.floor(Date.now() / MINUTE) * MINUTE + 5_000;

describe('live feed against the Bybit emulator', () => {
  let harness: MarketDataHarness;
  afterEach(async () => harness?.close());

  const stored = (): Candle[] => {
    const c = harness.candles.candles(SERIES);
    return c.openTime.map((openTime, i) => ({ openTime, open: c.open[i]!, high: c.high[i]!, low: c.low[i]!, close: c.close[i]!, volume: c.volume[i]! }));
  };

  it('streams candles and trades into the store and onto the bus, the open bar updating live', async () => {
    harness = await startMarketDataHarness({ emulator: { now: start(), historyMinutes: 120, tradesPerMinute: 600 } });
    const candleEvents: CandleEvent[] = [];
    const tradeEvents: TradesEvent[] = [];
    harness.bus.subscribe<CandleEvent>('data.candle.>', (e) => void candleEvents.push(e));
    harness.bus.subscribe<TradesEvent>('data.trades.>', (e) => void tradeEvents.push(e));
    await harness.service.watch(SERIES);
    harness.emulator.startClock({ speed: 10 });

    await eventually(() => candleEvents.filter((e) => !e.closed).length >= 3 && tradeEvents.length >= 3, { timeoutMs: 10_000 });
    const open = candleEvents.filter((e) => !e.closed);
    expect(new Set(open.map((e) => e.candle.openTime)).size).toBe(1);
    // The initial backfill stored the closed history before the first live bar.
    expect(stored().length).toBeGreaterThanOrEqual(100);
    await eventually(() => harness.trades.count('bybit', 'BTC/USDT:USDT') > 0, { timeoutMs: 5_000 });
    expect(tradeEvents[0]!.trades[0]!.receivedAt).toBeGreaterThan(0);
    expect(harness.service.feedStatuses()[0]).toMatchObject({ venue: 'bybit', state: 'connected', subscriptions: [{ symbol: 'BTC/USDT:USDT', timeframe: '1m' }] });
  });

  it('reconnects after a dropped connection, backfills the gap, and stores exactly the venue candles', async () => {
    harness = await startMarketDataHarness({ emulator: { now: start(), historyMinutes: 60, tradesPerMinute: 120 } });
    const { emulator } = harness;
    await harness.service.watch(SERIES);
    emulator.startClock({ speed: 60 });
    await eventually(() => harness.service.feedStatuses()[0]?.state === 'connected', { timeoutMs: 10_000 });
    const before = emulator.market.now;
    await eventually(() => emulator.market.now > before + 90_000, { timeoutMs: 10_000 });

    // The venue goes away for about three market minutes: nothing arrives, reconnects are refused.
    emulator.streams.setRefusing(true);
    emulator.streams.dropConnections();
    await eventually(() => harness.service.feedStatuses()[0]?.state === 'reconnecting', { timeoutMs: 5_000 });
    const down = emulator.market.now;
    await eventually(() => emulator.market.now > down + 180_000, { timeoutMs: 10_000 });
    emulator.streams.setRefusing(false);

    await eventually(() => harness.service.feedStatuses()[0]?.state === 'connected', { timeoutMs: 10_000 });
    const back = emulator.market.now;
    await eventually(() => emulator.market.now > back + 90_000, { timeoutMs: 10_000 });
    emulator.stopClock();
    const lastClosed = Math.floor(emulator.market.now / MINUTE) * MINUTE - MINUTE;

    await eventually(() => (harness.candles.lastOpenTime(SERIES) ?? 0) > lastClosed, { timeoutMs: 5_000 });
    const ours = stored().filter((c) => c.openTime <= lastClosed);
    const venue = emulator.market.closedMinutes('linear', 'BTCUSDT', ours[0]!.openTime, lastClosed);
    expect(ours.length).toBe(venue.length);
    expect(ours).toEqual(venue);
    expect(harness.service.feedStatuses()[0]!.reconnects).toBeGreaterThanOrEqual(1);
    // The minutes of the outage came over REST: a kline request started inside the outage.
    const starts = emulator.requests('/v5/market/kline').map((r) => Number(new URLSearchParams(r.query).get('start')));
    expect(starts.some((s) => s >= down - MINUTE && s < back)).toBe(true);
  });

  it('counts malformed frames and keeps streaming; a silent feed turns stale and recovers', async () => {
    harness = await startMarketDataHarness({ emulator: { now: start(), historyMinutes: 30, tradesPerMinute: 600 }, staleAfterMs: 400 });
    const { emulator } = harness;
    const tradeEvents: TradesEvent[] = [];
    harness.bus.subscribe<TradesEvent>('data.trades.>', (e) => void tradeEvents.push(e));
    await harness.service.watch(SERIES);
    emulator.startClock({ speed: 5 });
    await eventually(() => tradeEvents.length > 0, { timeoutMs: 10_000 });

    emulator.streams.sendMalformed('not-json');
    emulator.streams.sendMalformed('bad-data');
    emulator.streams.sendMalformed('unknown-topic');
    const seen = tradeEvents.length;
    await eventually(() => harness.service.feedStatuses()[0]!.badFrames === 3 && tradeEvents.length > seen + 2, { timeoutMs: 5_000 });
    expect(tradeEvents.flatMap((e) => e.trades).every((t) => t.price > 1_000)).toBe(true);

    const statuses: FeedStatus[] = [];
    harness.bus.subscribe<FeedStatus>('data.feed.>', (s) => void statuses.push(s));
    emulator.streams.setPaused(true);
    await eventually(() => harness.service.feedStatuses()[0]!.state === 'stale', { timeoutMs: 5_000 });
    emulator.streams.setPaused(false);
    await eventually(() => harness.service.feedStatuses()[0]!.state === 'connected', { timeoutMs: 5_000 });
    expect(statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['stale', 'connected']));
  });

  it('aggregates live 1m into timeframes the venue does not stream, equal to the venue own bars', async () => {
    const { VENUES } = await import('../adapters/venue-table');
    const minuteOnly = { ...VENUES.bybit, capabilities: { ...VENUES.bybit.capabilities, nativeTimeframes: ['1m' as const] } };
    const t0 = Math.floor(Date.now() / (5 * MINUTE)) * 5 * MINUTE + 1_000;
    harness = await startMarketDataHarness({ emulator: { now: t0, historyMinutes: 60, tradesPerMinute: 120 }, venue: minuteOnly });
    const { emulator } = harness;
    await harness.service.watch({ ...SERIES, timeframe: '5m' });
    emulator.startClock({ speed: 120 });
    await eventually(() => emulator.market.now > t0 + 11 * MINUTE, { timeoutMs: 15_000 });
    emulator.stopClock();
    const lastClosed5m = Math.floor(emulator.market.now / (5 * MINUTE)) * 5 * MINUTE - 5 * MINUTE;
    await eventually(() => (harness.candles.lastOpenTime({ ...SERIES, timeframe: '5m' }) ?? 0) > lastClosed5m, { timeoutMs: 5_000 });
    const c = harness.candles.candles({ ...SERIES, timeframe: '5m' }, { to: lastClosed5m });
    const ours = c.openTime.map((openTime, i) => ({ openTime, open: c.open[i], high: c.high[i], low: c.low[i], close: c.close[i], volume: c.volume[i] }));
    const venue = emulator.market
      .bars('linear', 'BTCUSDT', '5', ours[0]!.openTime, lastClosed5m)
      .map(({ openTime, open, high, low, close, volume }) => ({ openTime, open, high, low, close, volume }));
    expect(ours.length).toBeGreaterThanOrEqual(12);
    expect(ours).toEqual(venue);
  });
});
