import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestClock } from '../core/clock';
import { createEngine, type Engine } from '../kernel/create-engine';
import type { RegimeState } from '../model/regime';
import { eventually } from '../testing/eventually';
import { connectInProcess } from '../testing/in-process-api';
import { generateRegimeCandles } from '../testing/regime-candles';
import { TEST_SERIES } from '../testing/regime-test-model';
import { tempDir } from '../testing/temp-dir';
import { HmmRegimeTracker } from './hmm-regime-tracker';
import type { RegimeModelSummary } from './regime-model';
import type { RegimeHistory } from './regime-service';
import { regimeTopic } from './regime-topics';

const { candles } = generateRegimeCandles(3_000, { seed: 21 });
// The engine's time: ten minutes into bar 2,600, which is still forming.
const NOW = candles[2_600]!.openTime + 600_000;
const key = TEST_SERIES; // a symbol with a dot: the bus topic escapes it


describe('RegimeService', () => {
  let dir: ReturnType<typeof tempDir>;
  let clock: TestClock;
  let engine: Engine;
  const open = async (): Promise<Engine> => {
    const e = createEngine({ databasePath: join(dir.path, 'stratus.db'), host: 'cli', clock, resumeWatchlist: false, log: () => undefined });
    await e.kernel.start();
    return e;
  };
  beforeEach(async () => {
    dir = tempDir();
    clock = new TestClock(NOW);
    engine = await open();
  });
  afterEach(async () => {
    await engine.kernel.stop();
    dir.remove();
  });

  it('fits from stored candles, then stores and publishes a state for every live closed candle, as a replay would compute it', async () => {
    const api = connectInProcess(engine);
    const history = candles.slice(0, 2_500);
    engine.candles.appendHistory(key, history);

    const none = await api.call('regime.current', key);
    expect(none.error?.type).toBe('NotFoundError');
    expect(none.error?.message).toMatch(/regime\.fit/);
    expect((await api.call('regime.model', key)).result).toEqual({ model: null, fitting: null });

    const published: RegimeState[] = [];
    engine.bus.subscribe<RegimeState>(regimeTopic(key), (s) => published.push(s));
    expect(regimeTopic(key)).toBe('regime.sim.BTC_P.1h');
    api.session.receive({ type: 'subscribe', streams: { 'regime.state': null } });

    const taken: unknown[] = [];
    engine.regime.onModelFitted((series) => taken.push(series));
    const fitted = await api.call('regime.fit', { ...key, states: 4 });
    const summary = fitted.result as RegimeModelSummary;
    expect(summary.states).toBe(4);
    expect(taken).toEqual([key]);
    expect(summary.version).toBe(1);
    expect(summary.from).toBe(history[0]!.openTime);
    expect(summary.to).toBe(history.at(-1)!.openTime);
    expect(summary.transitions).toHaveLength(4);
    expect(Number.isFinite(summary.bic)).toBe(true);
    // The fit publishes where the series stands now.
    expect(published.map((s) => s.time)).toEqual([history.at(-1)!.openTime]);

    // Live: one closed candle at a time, and a still-open one that must not count.
    const live = candles.slice(2_500, 2_600);
    for (const candle of live) engine.candles.append(key, [candle]);
    engine.candles.append(key, [candles[2_600]!], { openFrom: candles[2_600]!.openTime });
    expect(published.slice(1).map((s) => s.time)).toEqual(live.map((c) => c.openTime));

    // Same numbers as a tracker replaying the stored candles from the start.
    const model = engine.regime.model(key)!;
    const replay = new HmmRegimeTracker(model, () => clock.now());
    const replayed = new Map(candles.slice(0, 2_600).map((c) => [c.openTime, replay.update(c)]));
    for (const state of published) expect(state.probabilities).toEqual(replayed.get(state.time)!.probabilities);

    // Stored with their bar time and received time, and streamed to API clients.
    const stored = engine.db.prepare('SELECT time, received_at, regime FROM regime_states WHERE model_id = ? ORDER BY time').all(model.id) as {
      time: number;
      received_at: number;
      regime: string;
    }[];
    expect(stored.map((r) => r.time)).toEqual(published.map((s) => s.time));
    expect(stored.every((r) => r.received_at === NOW)).toBe(true);
    await eventually(() => api.messages.filter((m) => m.type === 'event' && m.stream === 'regime.state').length === published.length);

    // The band: stored states where they exist, the rest filtered again from the candles.
    const band = (await api.call('regime.history', { series: key, limit: 100_000 })).result as RegimeHistory;
    expect(band.time.at(-1)).toBe(live.at(-1)!.openTime);
    expect(band.stored).toBe(published.length);
    expect(band.recomputed).toBe(band.time.length - published.length);
    expect(band.probabilities).toHaveLength(4);
    const i = band.time.indexOf(live[10]!.openTime);
    expect(band.probabilities.map((column) => column[i])).toEqual(published[11]!.probabilities.map((p) => Math.round(p * 1e4) / 1e4));

    const current = (await api.call('regime.current', key)).result as { state: RegimeState; explanation: { drivers: unknown[] } };
    expect(current.state.time).toBe(live.at(-1)!.openTime);
    expect(current.explanation.drivers).toHaveLength(model.features.length);
  });

  it('after a restart, picks the series up from the stored model and candles', async () => {
    engine.candles.appendHistory(key, candles.slice(0, 2_000));
    await engine.regime.fit({ ...key, states: 3 });
    await engine.kernel.stop();
    engine = await open();
    const published: RegimeState[] = [];
    engine.bus.subscribe<RegimeState>('regime.>', (s) => published.push(s));
    engine.candles.append(key, [candles[2_000]!]);
    expect(published).toHaveLength(1);
    const model = engine.regime.model(key)!;
    expect(model.hmm.states).toBe(3);
    const replay = new HmmRegimeTracker(model, () => 0);
    let expected: RegimeState | undefined;
    for (const c of candles.slice(0, 2_001)) expected = replay.update(c);
    expect(published[0]!.probabilities).toEqual(expected!.probabilities);
  });

  it('answers bad requests with clear errors and keeps running', async () => {
    const api = connectInProcess(engine);
    const fewCandles = await (async () => {
      engine.candles.appendHistory(key, candles.slice(0, 200));
      return api.call('regime.fit', { ...key, states: 4 });
    })();
    expect(fewCandles.error?.type).toBe('ValidationError');
    expect(fewCandles.error?.message).toMatch(/200 stored, at least \d+ needed/);

    const empty = await api.call('regime.fit', { venue: 'sim', symbol: 'ETHUSDT', timeframe: '1h' });
    expect(empty.error?.message).toMatch(/no candles stored for sim ETHUSDT 1h/);

    expect((await api.call('regime.fit', { ...key, states: 1 })).error?.type).toBe('ValidationError');
    expect((await api.call('regime.fit', { ...key, timeframe: '7m' })).error?.type).toBe('ValidationError');
    expect((await api.call('regime.fit', { ...key, from: 10, to: 5 })).error?.message).toMatch(/from \(10\) is after to \(5\)/);
    expect((await api.call('regime.history', { series: key, from: 10, to: 5 })).error?.message).toMatch(/from must not be after to/);
    expect((await api.call('regime.history', { series: key })).error?.message).toMatch(/no regime model for sim BTC\.P 1h yet/);

    const badOverride = await api.call('regime.setModulation', { overrides: { 'sma-cross': { stress: { sizeMultiplier: 50 } } } });
    expect(badOverride.error?.type).toBe('ValidationError');
    expect(engine.settings.get('regime.modulation')).toBeUndefined();
    const saved = await api.call('regime.setModulation', { overrides: { 'sma-cross': { range: { entriesAllowed: true } } } });
    expect((saved.result as { config: { overrides: unknown } }).config.overrides).toEqual({ 'sma-cross': { range: { entriesAllowed: true } } });
    const read = (await api.call('regime.modulation', {})).result as { config: { overrides: unknown } };
    expect(read.config.overrides).toEqual({ 'sma-cross': { range: { entriesAllowed: true } } });
    // What the strategy pipeline calls: the override applies at once, the defaults elsewhere.
    expect(engine.regime.modulationFor('sma-cross', 'range').entriesAllowed).toBe(true);
    expect(engine.regime.modulationFor('trend-follow', 'range').entriesAllowed).toBe(false);
    expect(engine.regime.modulationFor('rsi-reversion', 'stress')).toEqual({ sizeMultiplier: 0.6, entriesAllowed: true, stopWidening: 1.5 });

    // A second fit of the same series while one runs is refused, not queued behind it.
    engine.candles.appendHistory(key, candles.slice(0, 2_000));
    const first = engine.regime.fit({ ...key, states: 2 });
    await expect(engine.regime.fit({ ...key, states: 2 })).rejects.toThrow(/already being fitted/);
    expect(engine.regime.fitProgress(key)).toBeDefined();
    await first;
    expect(engine.regime.fitProgress(key)).toBeUndefined();
  });
});
