import { afterEach, describe, expect, it } from 'vitest';
import type { Signal } from '../model/signal';
import { eventually } from '../testing/eventually';
import { startMarketDataHarness, type MarketDataHarness } from '../testing/market-data-harness';
import { replaySignals } from './replay';
import { SignalStore } from './signal-store';
import { smaCross } from './strategies/sma-cross/sma-cross';
import { StrategyRegistry } from './strategy-registry';
import { StrategyRunner } from './strategy-runner';

const MINUTE = 60_000;
const SERIES = { venue: 'bybit', symbol: 'BTC/USDT:USDT', timeframe: '1m' } as const;
const params = { fast: 3, slow: 8 };

describe('live = replay through the Bybit emulator', () => {
  let harness: MarketDataHarness | undefined;
  let runner: StrategyRunner | undefined;
  afterEach(async () => {
    runner?.stop();
    await harness?.close();
  });

  it('signals from the live feed (REST backfill, then WebSocket bars) equal a replay of the venue minutes', async () => {
    // Market time two hours behind the wall clock, so every bar the venue closes has closed for the engine too.
    const begin = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * 60 * MINUTE + 5_000;
    harness = await startMarketDataHarness({ emulator: { now: begin, historyMinutes: 240, tradesPerMinute: 30, seed: 99 } });
    const h = harness;
    runner = new StrategyRunner({
      registry: new StrategyRegistry([smaCross]),
      candles: h.candles,
      store: new SignalStore(h.db),
      bus: h.bus,
      clock: h.clock,
      log: (m) => h.logs.push(m),
    });
    runner.start();
    const published: Signal[] = [];
    h.bus.subscribe<Signal>('strategy.signal.>', (s) => void published.push(s));
    runner.attach({ strategy: 'sma-cross', series: SERIES, params });

    await h.service.watch(SERIES);
    h.emulator.startClock({ speed: 600 });
    await eventually(() => h.emulator.market.now > begin + 25 * MINUTE, { timeoutMs: 15_000 });
    h.emulator.stopClock();
    const lastClosed = Math.floor(h.emulator.market.now / MINUTE) * MINUTE - MINUTE;
    await eventually(() => (runner!.running()[0]!.lastBarTime ?? 0) >= lastClosed, { timeoutMs: 10_000 });

    // The runner saw every stored bar from the first one the backfill brought: replay the venue's own minutes from there.
    const firstStored = h.candles.candles(SERIES, { limit: 1_000_000 }).openTime[0]!;
    const venue = h.emulator.market.closedMinutes('linear', 'BTCUSDT', firstStored, lastClosed);
    expect(venue.length).toBeGreaterThan(200);
    const replayed = replaySignals({ series: SERIES, strategies: [{ definition: smaCross, params }], candles: venue });
    const live = published.filter((s) => s.time <= lastClosed);
    expect(replayed.signals.length).toBeGreaterThan(10);
    // Both live halves took part: bars from the REST backfill and bars from the stream.
    expect(live.some((s) => s.time < begin - MINUTE)).toBe(true);
    expect(live.some((s) => s.time > begin + MINUTE)).toBe(true);
    const strip = (signals: readonly Signal[]) => signals.map(({ receivedAt: _r, ...rest }) => rest);
    expect(strip(live)).toEqual(strip(replayed.signals));
  });
});
