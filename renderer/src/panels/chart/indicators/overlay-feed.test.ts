import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CandleEvent, HistoryEvent, IndicatorResult, SeriesKey } from '../../../engine-client/api-types';
import { EngineClient } from '../../../engine-client/engine-client';
import { FakeTransport } from '../../../testing/fake-transport';
import { startOverlayFeed, type OverlayStatus } from './overlay-feed';
import type { Overlay } from './overlay-store';

const key: SeriesKey = { venue: 'sim', symbol: 'BTC/USDT', timeframe: '1m' };
const ema: Overlay = { id: 'a', indicator: 'ema', params: { period: 21 }, color: '#4c8dff' };
const rsi: Overlay = { id: 'b', indicator: 'rsi', params: { period: 14 }, color: '#e3b341' };
const result = (indicator: string, value: number): IndicatorResult => ({ indicator, params: {}, openTime: [0], values: { value: [value] } });

function setup(overlays: Overlay[] = [ema, rsi]) {
  const transport = new FakeTransport();
  const client = new EngineClient(transport);
  client.start();
  transport.welcome();
  const statuses: [string, OverlayStatus][] = [];
  const feed = startOverlayFeed(client, key, () => overlays, (id, status) => statuses.push([id, status]), { delayMs: 50 });
  let seq = 0;
  const candle = (closed: boolean, series: SeriesKey = key): void => {
    const payload: CandleEvent = { ...series, candle: { openTime: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }, receivedAt: 0, closed };
    transport.deliver({ type: 'event', stream: 'data.candle', seq: ++seq, payload });
  };
  const history = (series: SeriesKey = key): void => {
    const payload: HistoryEvent = { ...series, from: 0, to: 0, count: 1, receivedAt: 0 };
    transport.deliver({ type: 'event', stream: 'data.history', seq: 1, payload });
  };
  const computeCalls = () => transport.sent.filter((m) => m.type === 'call' && m.method === 'indicators.compute');
  return { transport, feed, statuses, candle, history, computeCalls };
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('startOverlayFeed', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('computes each overlay for the series and reports loading, then the result', async () => {
    const { transport, feed, statuses, computeCalls } = setup();
    feed.refreshAll();
    const calls = computeCalls();
    expect(calls.map((c) => c.type === 'call' && c.params)).toEqual([
      { ...key, indicator: 'ema', params: { period: 21 } },
      { ...key, indicator: 'rsi', params: { period: 14 } },
    ]);
    transport.deliver({ type: 'result', id: calls[0]!.type === 'call' ? calls[0]!.id : 0, result: result('ema', 1) });
    await settle();
    expect(statuses).toEqual([
      ['a', { kind: 'loading' }],
      ['b', { kind: 'loading' }],
      ['a', { kind: 'ready', result: result('ema', 1) }],
    ]);
  });

  it('recomputes once per burst of closed bars of its own series; open bars and other series do not count', async () => {
    const { feed, candle, history, computeCalls } = setup([ema]);
    feed.refreshAll();
    expect(computeCalls()).toHaveLength(1);
    candle(false);
    candle(true, { ...key, timeframe: '5m' });
    vi.advanceTimersByTime(100);
    expect(computeCalls()).toHaveLength(1);
    candle(true);
    candle(true);
    history();
    vi.advanceTimersByTime(100);
    expect(computeCalls()).toHaveLength(2);
    history({ ...key, symbol: 'ETH/USDT' });
    vi.advanceTimersByTime(100);
    expect(computeCalls()).toHaveLength(2);
  });

  it('drops a reply that a newer request for the same overlay has overtaken, and reports errors', async () => {
    const { transport, feed, statuses, computeCalls } = setup([ema]);
    feed.refresh(ema);
    feed.refresh({ ...ema, params: { period: 50 } });
    const [first, second] = computeCalls().map((c) => (c.type === 'call' ? c.id : 0));
    transport.deliver({ type: 'result', id: second!, result: result('ema', 50) });
    transport.deliver({ type: 'result', id: first!, result: result('ema', 21) });
    await settle();
    expect(statuses.filter(([, s]) => s.kind === 'ready')).toEqual([['a', { kind: 'ready', result: result('ema', 50) }]]);
    feed.refresh(ema);
    const third = computeCalls().at(-1);
    transport.deliver({ type: 'error', id: third?.type === 'call' ? third.id : 0, error: { type: 'ValidationError', message: 'ema: period must be an integer from 1 to 1000, got 0' } });
    await settle();
    expect(statuses.at(-1)).toEqual(['a', { kind: 'error', message: 'ema: period must be an integer from 1 to 1000, got 0' }]);
  });

  it('stops listening and computing when stopped', async () => {
    const { feed, candle, computeCalls } = setup([ema]);
    feed.stop();
    candle(true);
    vi.advanceTimersByTime(100);
    expect(computeCalls()).toHaveLength(0);
  });
});
