import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClock } from '../core/clock';
import { MessageBus } from '../core/message-bus';
import { CandleService } from '../data/candle-service';
import type { SeriesKey } from '../model/candle';
import type { Signal } from '../model/signal';
import { openDatabase } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { generateCandles } from '../testing/candles';
import { followCloseStrategy, scriptedStrategy } from '../testing/strategies';
import { tempDir } from '../testing/temp-dir';
import { replaySignals, replayStoredRange } from './replay';
import { SignalStore } from './signal-store';
import { StrategyRegistry } from './strategy-registry';
import { StrategyRunner } from './strategy-runner';
import { warmUpWindow } from './strategy-slot';

const series: SeriesKey = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' };
const bars = generateCandles(600, { seed: 7 });
const afterAll = bars.at(-1)!.openTime + 3_600_000;

/** Everything but receivedAt, which is when each path ran. */
const comparable = (signals: readonly Signal[]) => signals.map(({ receivedAt: _r, ...rest }) => rest);

describe('StrategyRunner (live path)', () => {
  let dir: { path: string; remove: () => void };
  let db: Database.Database;
  let bus: MessageBus;
  let clock: TestClock;
  let candles: CandleService;
  let store: SignalStore;
  let registry: StrategyRegistry;
  let runner: StrategyRunner;
  let published: Signal[];
  let logged: string[];

  const start = () => {
    runner = new StrategyRunner({ registry, candles, store, bus, clock, log: (m) => logged.push(m) });
    runner.start();
  };

  beforeEach(() => {
    dir = tempDir('stratus-runner-');
    db = openDatabase({ path: join(dir.path, 'stratus.db') });
    bus = new MessageBus({ onHandlerError: (error) => { throw error; } });
    clock = new TestClock(afterAll);
    candles = new CandleService(new CandleRepository(db), bus, clock);
    store = new SignalStore(db);
    registry = new StrategyRegistry([followCloseStrategy]);
    published = [];
    logged = [];
    bus.subscribe<Signal>('strategy.signal.>', (s) => published.push(s));
    start();
  });

  afterEach(() => {
    runner.stop();
    db.close();
    dir.remove();
  });

  it('live = replay: candles appended one by one through the bus give the signals a replay gives', () => {
    const attached = runner.attach({ strategy: 'follow-close', series, params: { stopPct: 2 } });
    expect(attached).toMatchObject({ strategy: 'follow-close', status: { state: 'running' }, lastBarTime: null, lastSignal: null, warmUp: 1 });
    for (const bar of bars) candles.append(series, [bar]);
    const replayed = replaySignals({ series, strategies: [{ definition: followCloseStrategy, params: { stopPct: 2 } }], candles: bars });
    expect(replayed.signals.length).toBeGreaterThan(100);
    expect(comparable(published)).toEqual(comparable(replayed.signals));
    // Stored, with the time the engine produced them, and read back the same.
    const stored = store.signals({ series, limit: 10_000 });
    expect(stored).toEqual(published);
    expect(stored.every((s) => s.receivedAt === afterAll)).toBe(true);
    const running = runner.running()[0]!;
    expect(running.lastBarTime).toBe(bars.at(-1)!.openTime);
    // The same from the store: what a backtest over the profile's data runs.
    const fromStore = replayStoredRange(candles, {}, { series, strategies: [{ definition: followCloseStrategy, params: { stopPct: 2 } }] });
    expect(fromStore.signals).toEqual(replayed.signals);
    const part = replayStoredRange(candles, { from: bars[100]!.openTime, to: bars[300]!.openTime }, { series, strategies: [{ definition: followCloseStrategy, params: { stopPct: 2 } }] });
    expect(part.bars).toBe(201);
    expect(running.lastSignal).toEqual(published.at(-1));
  });

  it('publishes on strategy.signal.<strategy>.<venue>.<symbol>.<timeframe>, dots in symbols made safe', () => {
    const dotted: SeriesKey = { venue: 'bybit', symbol: 'BTC.P', timeframe: '5m' };
    const topics: string[] = [];
    bus.subscribe('strategy.signal.follow-close.bybit.*.5m', (_s, topic) => topics.push(topic));
    runner.attach({ strategy: 'follow-close', series: dotted });
    candles.append(dotted, generateCandles(5, { stepMs: 300_000 }));
    expect(topics.length).toBeGreaterThan(0);
    expect(new Set(topics)).toEqual(new Set(['strategy.signal.follow-close.bybit.BTC_P.5m']));
  });

  it('ignores open bars and bars seen before, and feeds history batches in order without duplicates', () => {
    runner.attach({ strategy: 'follow-close', series });
    // A live batch: everything before the newest bar is closed, the newest is still forming.
    candles.append(series, bars.slice(0, 10), { openFrom: bars[9]!.openTime });
    expect(runner.running()[0]!.lastBarTime).toBe(bars[8]!.openTime);
    // The same bars again (a reconnect), then a backfilled page that overlaps them, then live again.
    candles.append(series, bars.slice(5, 10), { openFrom: bars[9]!.openTime });
    candles.appendHistory(series, bars.slice(3, 200));
    candles.append(series, bars.slice(199, 300), { openFrom: bars[299]!.openTime });
    candles.appendHistory(series, bars.slice(299, 600));
    const replayed = replaySignals({ series, strategies: [{ definition: followCloseStrategy }], candles: bars });
    expect(comparable(published)).toEqual(comparable(replayed.signals));
    expect(new Set(published.map((s) => s.id)).size).toBe(published.length);
  });

  it('reads a gap the store filled before the next live bar', () => {
    runner.attach({ strategy: 'follow-close', series });
    candles.append(series, bars.slice(0, 50));
    // Bars 50–99 reach the store without an event for this runner (written while it was not listening).
    new CandleRepository(db).upsertMany(series, bars.slice(50, 100), clock.now());
    candles.append(series, bars.slice(100, 120));
    const replayed = replaySignals({ series, strategies: [{ definition: followCloseStrategy }], candles: bars.slice(0, 120) });
    expect(comparable(published)).toEqual(comparable(replayed.signals));
  });

  it('trusts the venue that a bar has closed when the engine clock runs a little behind it', () => {
    // Our clock is 30 s into bar 50: by it, bar 50 is still open, but the venue says it closed.
    clock = new TestClock(bars[50]!.openTime + 30_000);
    candles = new CandleService(new CandleRepository(db), bus, clock);
    runner.stop();
    start();
    runner.attach({ strategy: 'follow-close', series });
    candles.append(series, bars.slice(0, 40));
    new CandleRepository(db).upsertMany(series, bars.slice(40, 50), clock.now());
    candles.append(series, [bars[50]!]);
    expect(runner.running()[0]!.lastBarTime).toBe(bars[50]!.openTime);
    const replayed = replaySignals({ series, strategies: [{ definition: followCloseStrategy }], candles: bars.slice(0, 51) });
    expect(comparable(published)).toEqual(comparable(replayed.signals));
  });

  it('warms up silently from stored bars, then signals only on new bars', () => {
    candles.append(series, bars.slice(0, 500));
    const info = runner.attach({ strategy: 'follow-close', series });
    expect(published).toEqual([]);
    expect(store.signals({ series, limit: 100 })).toEqual([]);
    expect(info.lastBarTime).toBe(bars[499]!.openTime);
    candles.append(series, bars.slice(500));
    // The warm-up window started warmUpWindow(1) bars before the last stored one.
    const anchorIndex = 500 - warmUpWindow(1);
    const replayed = replaySignals({ series, strategies: [{ definition: followCloseStrategy }], candles: bars.slice(anchorIndex) });
    expect(comparable(published)).toEqual(comparable(replayed.signals.filter((s) => s.time > bars[499]!.openTime)));
    expect(published.length).toBeGreaterThan(10);
  });

  it('resumes attachments after a restart in exactly the state an engine that never stopped would have', () => {
    candles.append(series, bars.slice(0, 250));
    const { id } = runner.attach({ strategy: 'follow-close', series, params: { stopPct: 3 } });
    candles.append(series, bars.slice(250, 400));
    runner.stop();
    const before = published.length;
    // Restart: a fresh runner over the same database; the feed then brings the rest.
    start();
    expect(published.length).toBe(before);
    expect(runner.running()).toMatchObject([{ id, strategy: 'follow-close', params: { stopPct: 3 }, lastBarTime: bars[399]!.openTime }]);
    expect(runner.running()[0]!.lastSignal).toEqual(published.at(-1));
    candles.append(series, bars.slice(400));
    const anchorIndex = 250 - warmUpWindow(1);
    const uninterrupted = replaySignals({ series, strategies: [{ definition: followCloseStrategy, params: { stopPct: 3 } }], candles: bars.slice(anchorIndex) });
    expect(comparable(published)).toEqual(comparable(uninterrupted.signals.filter((s) => s.time > bars[249]!.openTime)));
  });

  it('applies the injected regime tracker and modulation live, and stores the regime, modulation and suppression', () => {
    // A hand-written tracker: every third bar is "stress", the rest "range".
    let bar = 0;
    const tracker = {
      update: (candle: { openTime: number }) => ({
        ...series,
        time: candle.openTime,
        receivedAt: candle.openTime,
        modelId: 'hand-written',
        labels: ['trend-up', 'trend-down', 'range', 'stress'] as const,
        probabilities: [0, 0, 0.5, 0.5],
        regime: bar++ % 3 === 2 ? ('stress' as const) : ('range' as const),
        confidence: 0.5,
        expectedDuration: 2,
        transitions: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
      }),
    };
    runner.stop();
    runner = new StrategyRunner({
      registry, candles, store, bus, clock, log: (m) => logged.push(m),
      regimeFor: () => tracker,
      modulationFor: (_name, regime) => regime.regime === 'stress' ? { sizeMultiplier: 0.5, entriesAllowed: false, stopWidening: 2 } : { sizeMultiplier: 1, entriesAllowed: true, stopWidening: 1 },
    });
    runner.start();
    runner.attach({ strategy: 'follow-close', series });
    candles.append(series, bars.slice(0, 120));
    const suppressed = published.filter((s) => s.suppressed);
    expect(suppressed.length).toBeGreaterThan(3);
    expect(suppressed.every((s) => s.regime === 'stress' && s.direction === 'long')).toBe(true);
    expect(suppressed[0]!.suppressed).toBe('long entries are suppressed in the stress regime');
    // follow-close puts its stop 1 % under the close; doubled in stress.
    expect(suppressed[0]!.stop).toBeCloseTo(suppressed[0]!.price * 0.98, 6);
    expect(published.filter((s) => s.direction === 'flat' && s.regime === 'stress').every((s) => s.suppressed === undefined)).toBe(true);
    expect(store.signals({ series, limit: 1_000 })).toEqual(published);
  });

  it('a regime model fitted after attaching takes over: the strategy restarts on it from its anchor, silently', () => {
    let fitted = false;
    const tracker = () => ({
      update: (candle: { openTime: number }) => ({
        ...series,
        time: candle.openTime,
        receivedAt: candle.openTime,
        modelId: 'fitted-later',
        labels: ['trend-up', 'trend-down', 'range', 'stress'] as const,
        probabilities: [0, 0, 1, 0],
        regime: 'range' as const,
        confidence: 1,
        expectedDuration: 10,
        transitions: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]],
      }),
    });
    runner.stop();
    runner = new StrategyRunner({ registry, candles, store, bus, clock, log: (m) => logged.push(m), regimeFor: () => (fitted ? tracker() : undefined) });
    runner.start();
    const { id } = runner.attach({ strategy: 'follow-close', series });
    candles.append(series, bars.slice(0, 60));
    const before = published.length;
    expect(before).toBeGreaterThan(0);
    expect(published.every((s) => s.regime === undefined)).toBe(true);
    fitted = true;
    runner.restart(series);
    // Nothing of the past is published again, and the strategy carries on from the same bar.
    expect(published.length).toBe(before);
    expect(runner.running()).toMatchObject([{ id, status: { state: 'running' }, lastBarTime: bars[59]!.openTime }]);
    candles.append(series, bars.slice(60, 90));
    const after = published.slice(before);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s.regime === 'range')).toBe(true);
    // The same signals as a strategy that had the model from the start.
    const replayed = replaySignals({ series, strategies: [{ definition: followCloseStrategy, params: {} }], candles: bars.slice(0, 90), regime: tracker() });
    expect(comparable(after)).toEqual(comparable(replayed.signals.filter((s) => s.time >= bars[60]!.openTime)));
  });

  it('detaches: no more signals, and not resumed', () => {
    const { id } = runner.attach({ strategy: 'follow-close', series });
    candles.append(series, bars.slice(0, 20));
    const count = published.length;
    runner.detach(id);
    candles.append(series, bars.slice(20, 40));
    expect(published.length).toBe(count);
    expect(runner.running()).toEqual([]);
    runner.stop();
    start();
    expect(runner.running()).toEqual([]);
    expect(() => runner.detach(id)).toThrow(`no attached strategy with id "${id}"`);
  });

  it('refuses bad parameters, unknown strategies and the same configuration twice', () => {
    expect(() => runner.attach({ strategy: 'follow-close', series, params: { stopPct: 50 } })).toThrow('invalid parameters for follow-close: stopPct: 50 is outside [0.1, 10]');
    expect(() => runner.attach({ strategy: 'nope', series })).toThrow(/no strategy named "nope"/);
    runner.attach({ strategy: 'follow-close', series });
    expect(() => runner.attach({ strategy: 'follow-close', series, params: {} })).toThrow('follow-close with these parameters is already attached to bybit BTCUSDT 1m');
    expect(runner.attach({ strategy: 'follow-close', series, params: { stopPct: 2 } }).status.state).toBe('running');
  });

  it('a strategy that throws shows the error and stops; the others on the series keep running', () => {
    registry = new StrategyRegistry([
      followCloseStrategy,
      scriptedStrategy('fragile', (_o, bar) => {
        if (bar === 30) throw new Error('state corrupted');
        return undefined;
      }),
    ]);
    runner.stop();
    start();
    runner.attach({ strategy: 'fragile', series });
    runner.attach({ strategy: 'follow-close', series });
    candles.append(series, bars.slice(0, 100));
    const byName = Object.fromEntries(runner.running().map((a) => [a.strategy, a]));
    expect(byName.fragile!.status).toEqual({ state: 'error', error: 'strategy "fragile" on bybit BTCUSDT 1m failed in onCandle: state corrupted' });
    expect(byName['follow-close']!.status.state).toBe('running');
    expect(byName['follow-close']!.lastBarTime).toBe(bars[99]!.openTime);
    expect(logged).toContain('strategy "fragile" on bybit BTCUSDT 1m failed in onCandle: state corrupted');
  });

  it('a stored attachment whose strategy is gone is shown with the reason instead of stopping the engine', () => {
    registry = new StrategyRegistry([followCloseStrategy, scriptedStrategy('temporary', () => undefined)]);
    runner.stop();
    start();
    runner.attach({ strategy: 'temporary', series });
    runner.stop();
    registry = new StrategyRegistry([followCloseStrategy]);
    start();
    expect(runner.running()).toMatchObject([{ strategy: 'temporary', status: { state: 'error', error: expect.stringContaining('no strategy named "temporary"') } }]);
    candles.append(series, bars.slice(0, 5));
  });
});
