import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CandleEvent, PatternMatchResult, PatternsResult, SeriesKey } from '../../../engine-client/api-types';
import { EngineClient } from '../../../engine-client/engine-client';
import { FakeTransport } from '../../../testing/fake-transport';
import { toChartTime } from '../candle-bars';
import { CHART_THEME } from '../chart-theme';
import { CHART_TREND_PERIOD, patternMarkers, patternSummary, startPatternFeed, type PatternStatus } from './pattern-markers';
import { createPatternToggle, PATTERNS_STORAGE_KEY } from './pattern-store';

const key: SeriesKey = { venue: 'sim', symbol: 'BTC/USDT', timeframe: '1m' };
const T = Date.UTC(2025, 0, 1);
const match = (pattern: PatternMatchResult['pattern'], direction: PatternMatchResult['direction'], length: number, i: number): PatternMatchResult => ({ pattern, direction, length, openTime: T + i * 60_000 });

describe('patternMarkers', () => {
  it('bullish under the bar in green, bearish over it in red, a doji a smaller grey dot; text only on three-candle patterns', () => {
    const markers = patternMarkers([match('hammer', 'bullish', 1, 0), match('bearish-engulfing', 'bearish', 2, 1), match('doji', 'neutral', 1, 2), match('morning-star', 'bullish', 3, 3), match('three-black-crows', 'bearish', 3, 4)]);
    expect(markers.map((m) => [m.position, m.shape, m.color, m.text])).toEqual([
      ['belowBar', 'circle', CHART_THEME.up, undefined],
      ['aboveBar', 'circle', CHART_THEME.down, undefined],
      ['aboveBar', 'circle', 'rgba(139, 148, 158, 0.8)', undefined],
      ['belowBar', 'circle', CHART_THEME.up, 'M★'],
      ['aboveBar', 'circle', CHART_THEME.down, '3B'],
    ]);
    expect(markers[0]?.time).toBe(toChartTime(T));
    expect(markers[2]!.size!).toBeLessThan(markers[0]!.size!);
    // Two patterns on one bar keep distinct ids.
    expect(new Set(patternMarkers([match('doji', 'neutral', 1, 0), match('hammer', 'bullish', 1, 0)]).map((m) => m.id)).size).toBe(2);
  });

  it('summarises the patterns found, most frequent first', () => {
    expect(patternSummary([])).toBe('No patterns in the loaded bars');
    expect(patternSummary([match('doji', 'neutral', 1, 0), match('hammer', 'bullish', 1, 1), match('doji', 'neutral', 1, 2)])).toBe('2 Doji · 1 Hammer');
  });
});

describe('createPatternToggle', () => {
  const memory = () => {
    const items = new Map<string, string>();
    return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k), items };
  };

  it('starts off, remembers the choice, and reads it back', () => {
    const storage = memory();
    const toggle = createPatternToggle(storage);
    expect(toggle.getState().on).toBe(false);
    toggle.getState().set(true);
    expect(storage.items.get(PATTERNS_STORAGE_KEY)).toBe('on');
    expect(createPatternToggle(storage).getState().on).toBe(true);
    toggle.getState().set(false);
    expect(createPatternToggle(storage).getState().on).toBe(false);
  });

  it('treats unreadable or unwritable storage as off, never fatal', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); }, removeItem: () => undefined };
    const toggle = createPatternToggle(broken);
    expect(toggle.getState().on).toBe(false);
    toggle.getState().set(true);
    expect(toggle.getState().on).toBe(true);
  });
});

describe('startPatternFeed', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  const result = (n: number): PatternsResult => ({ patterns: ['doji'], trendPeriod: 0, candles: n, matches: [] });

  function setup() {
    const transport = new FakeTransport();
    const client = new EngineClient(transport);
    client.start();
    transport.welcome();
    const statuses: PatternStatus[] = [];
    const stop = startPatternFeed(client, key, (s) => statuses.push(s), { delayMs: 50 });
    let seq = 0;
    const candle = (closed: boolean): void => {
      const payload: CandleEvent = { ...key, candle: { openTime: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }, receivedAt: 0, closed };
      transport.deliver({ type: 'event', stream: 'data.candle', seq: ++seq, payload });
    };
    const calls = () => transport.sent.filter((m) => m.type === 'call' && m.method === 'indicators.patterns');
    const idOf = (i: number): number => {
      const call = calls()[i];
      return call?.type === 'call' ? call.id : -1;
    };
    return { transport, stop, statuses, candle, calls, idOf };
  }

  it('loads the series’ patterns, reloads when a bar closes, and drops an overtaken reply', async () => {
    const { transport, statuses, candle, calls, idOf } = setup();
    expect(calls().map((c) => c.type === 'call' && c.params)).toEqual([{ ...key, trendPeriod: CHART_TREND_PERIOD }]);
    candle(false);
    vi.advanceTimersByTime(100);
    expect(calls()).toHaveLength(1);
    candle(true);
    vi.advanceTimersByTime(100);
    expect(calls()).toHaveLength(2);
    transport.deliver({ type: 'result', id: idOf(1), result: result(2) });
    transport.deliver({ type: 'result', id: idOf(0), result: result(1) });
    await settle();
    expect(statuses).toEqual([{ kind: 'loading' }, { kind: 'ready', result: result(2) }]);
  });

  it('reports an error, and stops listening when stopped', async () => {
    const { transport, stop, statuses, candle, calls, idOf } = setup();
    transport.deliver({ type: 'error', id: idOf(0), error: { type: 'ValidationError', message: 'unknown timeframe' } });
    await settle();
    expect(statuses.at(-1)).toEqual({ kind: 'error', message: 'unknown timeframe' });
    stop();
    candle(true);
    vi.advanceTimersByTime(100);
    expect(calls()).toHaveLength(1);
  });
});
