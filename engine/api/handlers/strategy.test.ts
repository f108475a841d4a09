import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../protocol';
import type { Signal } from '../../model/signal';
import { startServe, type RunningServe } from '../../hosts/serve';
import { generateCandles } from '../../testing/candles';
import { eventually } from '../../testing/eventually';
import { tempDir } from '../../testing/temp-dir';
import { WsTestClient } from '../../testing/ws-test-client';

const TOKEN = 'test-token-0123456789abcdef';
const series = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' } as const;

const userStrategy = `
export const strategy = {
  name: 'up-down',
  apiVersion: 1,
  description: 'long after an up-close, flat after a down-close',
  parameters: [{ name: 'minMove', kind: 'number', default: 0, min: 0, max: 100, description: 'smallest move that counts' }],
  warmUp: () => 1,
  create: ({ params }) => {
    let last;
    return {
      onCandle: ({ candle, history }) => {
        const prev = history.at(1);
        if (!prev || Math.abs(candle.close - prev.close) < params.minMove) return;
        const want = candle.close > prev.close ? 'long' : 'flat';
        if (want === last) return;
        last = want;
        return { direction: want, strength: 1, rationale: want === 'long' ? 'close rose' : 'close fell' };
      },
    };
  },
};
`;

describe('strategy API', () => {
  let dir: ReturnType<typeof tempDir>;
  let serve: RunningServe;
  let client: WsTestClient;

  beforeEach(async () => {
    dir = tempDir();
    const strategies = join(dir.path, 'strategies');
    mkdirSync(strategies);
    writeFileSync(join(strategies, 'up-down.mjs'), userStrategy);
    writeFileSync(join(strategies, 'broken.mjs'), 'export const nothing = 1;\n');
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: null, strategiesDir: strategies });
    client = await WsTestClient.connect(serve.apiUrl, TOKEN);
  });
  afterEach(async () => {
    await client.close();
    await serve.close();
    dir.remove();
  });

  it('lists strategies with parameters and the user folder report', async () => {
    const { strategies, userFolder } = await client.call('strategy.list', {});
    const user = strategies.find((s) => s.name === 'up-down');
    expect(user).toMatchObject({ origin: 'user', file: 'up-down.mjs', parameters: [{ name: 'minMove', kind: 'number', default: 0 }] });
    expect(userFolder.loaded).toEqual(['up-down']);
    expect(userFolder.errors).toEqual([{ file: 'broken.mjs', message: 'broken.mjs: exports no `strategy` (it exports nothing); write `export const strategy = { … }`' }]);
  });

  it('attaches, streams and stores signals, lists running strategies, detaches', async () => {
    client.subscribe({ 'strategy.signal': null });
    await client.waitFor((m) => m.type === 'subscribed');
    const attached = await client.call('strategy.attach', { strategy: 'up-down', series, params: { minMove: 0 } });
    expect(attached.status).toEqual({ state: 'running' });
    const candles = generateCandles(50);
    await client.call('data.appendCandles', { ...series, candles });
    const signals = await client.call('strategy.signals', { series, limit: 1_000 });
    expect(signals.length).toBeGreaterThan(5);
    await eventually(() => expect(client.events.filter((e) => e.stream === 'strategy.signal')).toHaveLength(signals.length));
    const streamed = client.events.filter((e: EventEnvelope) => e.stream === 'strategy.signal').map((e) => e.payload as Signal);
    expect(streamed).toEqual(signals);
    expect(signals[0]).toMatchObject({ strategy: 'up-down', ...series, strength: 1 });
    expect(signals.map((s) => s.direction)).toContain('long');

    const window = await client.call('strategy.signals', { series, strategy: 'up-down', from: signals[2]!.time, to: signals[4]!.time, limit: 10 });
    expect(window.map((s) => s.id)).toEqual(signals.slice(2, 5).map((s) => s.id));
    expect(await client.call('strategy.signals', { series, limit: 2 })).toEqual(signals.slice(-2));

    const running = await client.call('strategy.running', {});
    expect(running).toMatchObject([{ id: attached.id, strategy: 'up-down', lastBarTime: candles.at(-1)!.openTime, lastSignal: signals.at(-1) }]);
    expect(await client.call('strategy.running', { series: { ...series, timeframe: '5m' } })).toEqual([]);
    expect(await client.call('strategy.detach', { id: attached.id })).toEqual({ detached: attached.id });
    expect(await client.call('strategy.running', {})).toEqual([]);
  });

  it('rejects bad input with clear errors', async () => {
    await expect(client.call('strategy.attach', { strategy: 'up-down', series, params: { minMove: -1 } })).rejects.toMatchObject({
      type: 'ValidationError',
      message: 'invalid parameters for up-down: minMove: -1 is outside [0, 100]',
    });
    await expect(client.call('strategy.attach', { strategy: 'nope', series })).rejects.toMatchObject({ type: 'NotFoundError' });
    await expect(client.call('strategy.attach', { strategy: 'Bad Name', series } as never)).rejects.toMatchObject({ type: 'ValidationError' });
    await expect(client.call('strategy.detach', { id: 'att-missing' })).rejects.toMatchObject({ type: 'NotFoundError', message: 'no attached strategy with id "att-missing"' });
    await expect(client.call('strategy.signals', { series, from: 10, to: 5, limit: 10 })).rejects.toMatchObject({ type: 'ValidationError' });
  });

  it('reloads the user folder', async () => {
    writeFileSync(join(dir.path, 'strategies', 'broken.mjs'), userStrategy.replace("'up-down'", "'fixed'"));
    const report = await client.call('strategy.reload', {});
    expect(report.loaded).toEqual(['fixed', 'up-down']);
    expect(report.errors).toEqual([]);
    expect((await client.call('strategy.list', {})).strategies.map((s) => s.name)).toContain('fixed');
  });

  it('a series with a fitted regime model: signals carry the regime and the modulation the regime service sets', async () => {
    const candles = generateCandles(1_500, { seed: 11 });
    await client.call('data.appendCandles', { ...series, candles: candles.slice(0, 1_200) });
    await client.call('regime.fit', { ...series, states: 4, seed: 1 });
    await client.call('strategy.attach', { strategy: 'sma-cross', series, params: { fast: 3, slow: 8 } });
    await client.call('data.appendCandles', { ...series, candles: candles.slice(1_200) });
    const signals = await client.call('strategy.signals', { series, limit: 1_000 });
    expect(signals.length).toBeGreaterThan(20);
    const { config } = await client.call('regime.modulation', {});
    for (const signal of signals) {
      expect(signal.regime).toBeDefined();
      // sma-cross is a trend strategy: the modulation is the trend row of the regime it was in.
      expect(signal.modulation).toEqual(config.table.trend[signal.regime!]);
      const heldBack = signal.direction !== 'flat' && signal.modulation!.entriesAllowed === false;
      expect(signal.suppressed !== undefined).toBe(heldBack);
    }
    // The random walk has calm stretches the model calls ranges: some crossovers there were held back.
    expect(signals.some((s) => s.suppressed !== undefined)).toBe(true);
    // The live regime of each signal's bar is the one the regime service stored for that bar.
    const history = await client.call('regime.history', { series, from: signals[0]!.time, to: signals.at(-1)!.time, limit: 10_000 });
    const mostLikely = new Map(
      history.time.map((time, i) => {
        // Columns: probabilities[state][i].
        const p = history.probabilities.map((column) => column[i]!);
        return [time, history.labels[p.indexOf(Math.max(...p))]];
      }),
    );
    const compared = signals.filter((s) => mostLikely.has(s.time));
    expect(compared.length).toBe(signals.length);
    expect(compared.every((s) => mostLikely.get(s.time) === s.regime)).toBe(true);
  });

  it('resumes attachments when the engine starts again', async () => {
    const { id } = await client.call('strategy.attach', { strategy: 'up-down', series });
    await client.close();
    await serve.close();
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: null, strategiesDir: join(dir.path, 'strategies') });
    client = await WsTestClient.connect(serve.apiUrl, TOKEN);
    expect(await client.call('strategy.running', {})).toMatchObject([{ id, strategy: 'up-down', status: { state: 'running' } }]);
  });
});
