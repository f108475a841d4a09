import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Candle, CandleColumns, CandleEvent, SeriesKey } from '../../engine-client/api-types';
import { EngineClient } from '../../engine-client/engine-client';
import { FakeTransport } from '../../testing/fake-transport';
import type { CandleSink } from './candle-chart';
import { startCandleFeed, type FeedStatus } from './candle-feed';

const key: SeriesKey = { venue: 'sim', symbol: 'BTC/USDT', timeframe: '1m' };

function candle(minute: number, close: number): Candle {
  return { openTime: minute * 60_000, open: close, high: close, low: close, close, volume: 1 };
}

function columnsOf(candles: readonly Candle[]): CandleColumns {
  return {
    openTime: candles.map((c) => c.openTime),
    open: candles.map((c) => c.open),
    high: candles.map((c) => c.high),
    low: candles.map((c) => c.low),
    close: candles.map((c) => c.close),
    volume: candles.map((c) => c.volume),
  };
}

/** Records what would be drawn, with the same rule as the chart: nothing before the last bar. */
class RecordingSink implements CandleSink {
  bars: Candle[] = [];
  ready = false;
  loads = 0;

  setColumns(columns: CandleColumns): void {
    this.loads++;
    this.bars = columns.openTime.map((openTime, i) => ({
      openTime,
      open: columns.open[i] ?? 0,
      high: columns.high[i] ?? 0,
      low: columns.low[i] ?? 0,
      close: columns.close[i] ?? 0,
      volume: columns.volume[i] ?? 0,
    }));
  }

  applyCandle(c: Candle): 'drawn' | 'older' {
    const last = this.bars.at(-1);
    if (last && c.openTime < last.openTime) return 'older';
    if (last && c.openTime === last.openTime) this.bars[this.bars.length - 1] = c;
    else this.bars.push(c);
    return 'drawn';
  }

  setReady(ready: boolean): void {
    this.ready = ready;
  }

  get closes(): number[] {
    return this.bars.map((b) => b.close);
  }
}

function setup() {
  const transport = new FakeTransport();
  const client = new EngineClient(transport);
  client.start();
  transport.welcome();
  const sink = new RecordingSink();
  const statuses: FeedStatus[] = [];
  const stop = startCandleFeed(client, sink, key, (s) => statuses.push(s), { reloadDelayMs: 50 });
  let seq = 0;
  const event = (c: Candle, series: SeriesKey = key): void => {
    const payload: CandleEvent = { ...series, candle: c, receivedAt: 0, closed: true };
    transport.deliver({ type: 'event', stream: 'data.candle', seq: ++seq, payload });
  };
  const answerLoad = (candles: readonly Candle[]): void => {
    const call = transport.lastCall();
    expect(call.method).toBe('data.candles');
    transport.deliver({ type: 'result', id: call.id, result: columnsOf(candles) });
  };
  return { transport, client, sink, statuses, stop, event, answerLoad };
}

/** Lets promise callbacks run; timers are faked, so no setTimeout here. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('startCandleFeed', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('loads the series, then draws live candles of that series only', async () => {
    const { transport, sink, statuses, event, answerLoad } = setup();
    expect(transport.lastCall().params).toEqual(key);
    expect(sink.ready).toBe(false);
    answerLoad([candle(0, 1), candle(1, 2)]);
    await vi.waitFor(() => expect(sink.ready).toBe(true));
    expect(statuses.at(-1)).toEqual({ kind: 'ready', empty: false });

    event(candle(1, 2.5));
    event(candle(2, 3));
    event(candle(3, 99), { ...key, timeframe: '5m' });
    event(candle(3, 98), { ...key, symbol: 'ETH/USDT' });
    expect(sink.closes).toEqual([1, 2.5, 3]);
  });

  it('holds candles that arrive during the load and draws them after it', async () => {
    const { sink, event, answerLoad } = setup();
    event(candle(1, 2)); // already stored when the load ran
    event(candle(2, 3)); // stored after the query read the table
    answerLoad([candle(0, 1), candle(1, 2)]);
    await vi.waitFor(() => expect(sink.ready).toBe(true));
    expect(sink.closes).toEqual([1, 2, 3]);
    expect(sink.loads).toBe(1);
  });

  it('reloads after a gap in the candle stream', async () => {
    const { transport, sink, answerLoad } = setup();
    answerLoad([candle(0, 1)]);
    await vi.waitFor(() => expect(sink.ready).toBe(true));
    transport.deliver({ type: 'gap', stream: 'data.candle', after: 3, resumedAt: 90 });
    answerLoad([candle(0, 1), candle(1, 2), candle(2, 3)]);
    await vi.waitFor(() => expect(sink.loads).toBe(2));
    expect(sink.closes).toEqual([1, 2, 3]);
  });

  it('reloads after a gap in the history stream: a stored batch of this series may have been missed', async () => {
    const { transport, sink, answerLoad } = setup();
    answerLoad([candle(0, 1)]);
    await vi.waitFor(() => expect(sink.ready).toBe(true));
    transport.deliver({ type: 'gap', stream: 'data.history', after: 3, resumedAt: 90 });
    answerLoad([candle(0, 1), candle(1, 2), candle(2, 3), candle(3, 4)]);
    await vi.waitFor(() => expect(sink.loads).toBe(2));
    expect(sink.closes).toEqual([1, 2, 3, 4]);
  });

  it('reloads once, shortly, when candles arrive before the last bar', async () => {
    const { transport, sink, event, answerLoad } = setup();
    answerLoad([candle(5, 1)]);
    await vi.waitFor(() => expect(sink.ready).toBe(true));
    const calls = transport.sentOf('call').length;
    event(candle(1, 7));
    event(candle(2, 8));
    expect(transport.sentOf('call')).toHaveLength(calls);
    vi.advanceTimersByTime(50);
    expect(transport.sentOf('call')).toHaveLength(calls + 1);
  });

  it('reports an empty series, and leaves that state when a candle arrives', async () => {
    const { statuses, event, answerLoad, sink } = setup();
    answerLoad([]);
    await vi.waitFor(() => expect(sink.ready).toBe(true));
    expect(statuses.at(-1)).toEqual({ kind: 'ready', empty: true });
    event(candle(0, 1));
    expect(statuses.at(-1)).toEqual({ kind: 'ready', empty: false });
  });

  it('retries a load that failed on a dropped link once the engine is back', async () => {
    const { transport, statuses, sink, answerLoad } = setup();
    transport.drop();
    await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ kind: 'error' }));
    transport.welcome();
    answerLoad([candle(0, 4)]);
    await vi.waitFor(() => expect(sink.closes).toEqual([4]));
  });

  it('stops listening and ignores a late load once stopped', async () => {
    const { transport, sink, stop, event, answerLoad } = setup();
    stop();
    answerLoad([candle(0, 1)]);
    await settle();
    event(candle(1, 2));
    expect(sink.loads).toBe(0);
    expect(sink.bars).toEqual([]);
    expect(transport.sentOf('unsubscribe')).toEqual([
      { type: 'unsubscribe', streams: ['data.candle'] },
      { type: 'unsubscribe', streams: ['data.history'] },
    ]);
  });
});
