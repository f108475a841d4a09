import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, type RunningServe } from '../../hosts/serve';
import { detectPatterns } from '../../indicators/patterns/pattern-detector';
import type { Candle } from '../../model/candle';
import { generateCandles } from '../../testing/candles';
import { tempDir } from '../../testing/temp-dir';
import { WsTestClient } from '../../testing/ws-test-client';

const TOKEN = 'patterns-test-token-0123456789ab';
const hand = { venue: 'sim', symbol: 'PAT/USDT', timeframe: '1m' } as const;
const long = { venue: 'sim', symbol: 'BTC/USDT', timeframe: '1m' } as const;
const START = Date.UTC(2025, 0, 1);
const at = (i: number): number => START + i * 60_000;

/** A hand-built series: plain candles with known patterns between them (rules in docs/indicators.md). */
const plain: [number, number, number, number] = [103, 104, 102, 103.5];
const shapes: [number, number, number, number][] = [
  plain,
  plain,
  [100, 105, 95, 100.5], // 2: doji
  plain,
  [100, 102.5, 93, 102], // 4: hammer
  plain,
  [102, 102.5, 99.5, 100],
  [99.8, 103.5, 99.5, 103], // 7: bullish engulfing
  plain,
  [110, 110.5, 99.5, 100], // 9: long fall: engulfs the plain candle before it, and ends an evening star from 7
  [100, 101, 98, 99.5],
  [99.6, 106.5, 99.4, 106], // 11: morning star
  plain,
  [102, 109.5, 99.5, 100], // 13: shooting star
  plain,
];
const handCandles: Candle[] = shapes.map(([open, high, low, close], i) => ({ openTime: at(i), open, high, low, close, volume: 1 }));
const generated = generateCandles(2_000, { start: START, seed: 21 });

describe('indicators.patterns over a real SQLite store (stratus serve)', () => {
  let dir: ReturnType<typeof tempDir>;
  let serve: RunningServe;
  let client: WsTestClient;

  beforeAll(async () => {
    dir = tempDir();
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: join(dir.path, 'no-web') });
    client = await WsTestClient.connect(serve.apiUrl, TOKEN);
    await client.call('data.appendCandles', { ...hand, candles: handCandles });
    for (let i = 0; i < generated.length; i += 1_000) await client.call('data.appendCandles', { ...long, candles: generated.slice(i, i + 1_000) });
  });
  afterAll(async () => {
    await client.close();
    await serve.close();
    dir.remove();
  });

  it('finds the known patterns of a hand-built series, each on the candle that completes it', async () => {
    const result = await client.call('indicators.patterns', { ...hand });
    expect(result.candles).toBe(shapes.length);
    expect(result.trendPeriod).toBe(0);
    expect(result.matches.map((m) => [(m.openTime - START) / 60_000, m.pattern, m.direction, m.length])).toEqual([
      [2, 'doji', 'neutral', 1],
      [4, 'hammer', 'bullish', 1],
      [7, 'bullish-engulfing', 'bullish', 2],
      [9, 'bearish-engulfing', 'bearish', 2],
      [9, 'evening-star', 'bearish', 3],
      [11, 'morning-star', 'bullish', 3],
      [13, 'shooting-star', 'bearish', 1],
    ]);
  });

  it('keeps only the patterns asked for, and a window sees the candles before it', async () => {
    const only = await client.call('indicators.patterns', { ...hand, patterns: ['morning-star', 'doji'] });
    expect(only.patterns).toEqual(['doji', 'morning-star']);
    expect(only.matches.map((m) => m.pattern)).toEqual(['doji', 'morning-star']);
    // The window starts at the star's last candle: its first two candles are read from before `from`.
    const window = await client.call('indicators.patterns', { ...hand, from: at(11), to: at(12) });
    expect(window.candles).toBe(2);
    expect(window.matches.map((m) => [m.openTime, m.pattern])).toEqual([[at(11), 'morning-star']]);
  });

  it('is point-in-time: the matches of any window equal those of the full run, and later bars change no earlier match', async () => {
    for (const trendPeriod of [0, 10]) {
      const full = detectPatterns(generated, { trendPeriod }).map((m) => ({ openTime: m.openTime, pattern: m.pattern, direction: m.direction, length: m.length }));
      expect(full.length).toBeGreaterThan(20);
      const all = await client.call('indicators.patterns', { ...long, trendPeriod });
      expect(all.matches).toEqual(full);
      const from = generated[700]!.openTime;
      const to = generated[1_299]!.openTime;
      const window = await client.call('indicators.patterns', { ...long, trendPeriod, from, to });
      expect(window.candles).toBe(600);
      expect(window.matches).toEqual(full.filter((m) => m.openTime >= from && m.openTime <= to));
      // The detector over the first 1,300 bars alone (no future) gives the same matches up to bar 1,299.
      const prefix = detectPatterns(generated.slice(0, 1_300), { trendPeriod });
      expect(prefix.map((m) => m.openTime)).toEqual(full.filter((m) => m.openTime <= to).map((m) => m.openTime));
    }
  });

  it('trend context drops reversals that go with the trend', async () => {
    const plainRun = await client.call('indicators.patterns', { ...long });
    const withTrend = await client.call('indicators.patterns', { ...long, trendPeriod: 20 });
    expect(withTrend.trendPeriod).toBe(20);
    expect(withTrend.matches.length).toBeLessThan(plainRun.matches.length);
    expect(withTrend.matches.filter((m) => m.pattern === 'doji')).toEqual(plainRun.matches.filter((m) => m.pattern === 'doji'));
  });

  it('answers an empty series with no matches', async () => {
    const result = await client.call('indicators.patterns', { ...hand, symbol: 'ETH/USDT' });
    expect(result).toMatchObject({ candles: 0, matches: [] });
  });

  it('rejects bad requests with messages that say what is valid', async () => {
    const rejection = (params: Record<string, unknown>) =>
      client.call('indicators.patterns', { ...hand, ...params } as never).then(
        () => 'resolved',
        (error: Error & { type?: string }) => `${error.type}: ${error.message}`,
      );
    expect(await rejection({ patterns: ['hammer', 'harami'] })).toBe(
      'ValidationError: unknown pattern "harami"; valid patterns: bullish-engulfing, bearish-engulfing, hammer, shooting-star, doji, morning-star, evening-star, three-white-soldiers, three-black-crows',
    );
    expect(await rejection({ trendPeriod: -1 })).toMatch(/^ValidationError: invalid parameters for indicators.patterns: .*trendPeriod/s);
    expect(await rejection({ trendPeriod: 2.5 })).toMatch(/^ValidationError: invalid parameters for indicators.patterns: .*trendPeriod/s);
    expect(await rejection({ patterns: [] })).toMatch(/^ValidationError: invalid parameters for indicators.patterns: .*patterns/s);
    expect(await rejection({ timeframe: '7m' })).toMatch(/^ValidationError: invalid parameters for indicators.patterns: .*timeframe/s);
    expect(await rejection({ pattern: 'doji' })).toMatch(/^ValidationError: invalid parameters for indicators.patterns/);
  });
});
