// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoresProvider } from '../../app/stores-context';
import type { AttachmentInfo, Signal, StrategyInfo } from '../../engine-client/api-types';
import { createConnectionStore } from '../../stores/connection-store';
import { createMarketStore } from '../../stores/market-store';
import { createVenueStore } from '../../stores/venue-store';
import { FakeTransport } from '../../testing/fake-transport';
import { SignalsPanel } from './signals-panel';

Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', true);

const series = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const strategies: StrategyInfo[] = [
  {
    name: 'sma-cross',
    description: 'crossover',
    origin: 'builtin',
    parameters: [
      { name: 'fast', kind: 'integer', default: 10, min: 2, max: 200, description: '' },
      { name: 'reverse', kind: 'boolean', default: false, description: '' },
    ],
  },
];
const signal = (id: string, time: number, extra: Partial<Signal> = {}): Signal => ({
  id, strategy: 'sma-cross', ...series, time, price: 100, receivedAt: time, direction: 'long', strength: 0.8, stop: 98, rationale: 'SMA 10 crossed above SMA 30', ...extra,
});
const failed: AttachmentInfo = {
  id: 'att-1', strategy: 'sma-cross', series, params: { fast: 5, reverse: false }, warmUp: 31, lastBarTime: 60_000, lastSignal: null, createdAt: 0,
  status: { state: 'error', error: 'strategy "sma-cross" on bybit BTCUSDT 1m failed in onCandle: boom' },
};

describe('SignalsPanel', () => {
  let host: HTMLDivElement;
  let root: Root;
  let transport: FakeTransport;
  let answered: Set<number>;

  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    transport = new FakeTransport();
    answered = new Set();
    const connection = createConnectionStore({ storage: null, localAvailable: false, createTransport: () => transport });
    const market = createMarketStore(null);
    market.getState().selectSeries(series);
    connection.getState().connect({ kind: 'remote', url: 'ws://127.0.0.1:1/api' }, { token: 't', remember: false });
    act(() => transport.welcome());
    act(() => root.render(<StoresProvider stores={{ connection, market, venues: createVenueStore() }}><SignalsPanel /></StoresProvider>));
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
  });

  /** Answers every call sent so far that has not been answered, by method. */
  const answer = (results: Record<string, unknown>) => {
    for (const call of transport.sentOf('call')) {
      if (answered.has(call.id) || !(call.method in results)) continue;
      answered.add(call.id);
      act(() => transport.deliver({ type: 'result', id: call.id, result: results[call.method] }));
    }
  };

  it('shows running strategies with their error, the signals newest first, held-back ones dimmed with the reason', async () => {
    answer({
      'strategy.list': { strategies, userFolder: { folder: '/p/strategies', loaded: [], errors: [{ file: 'bad.mjs', message: 'bad.mjs: syntax error: Unexpected token' }] } },
      'strategy.running': [failed],
      'strategy.signals': [signal('a', 60_000), signal('b', 120_000, { direction: 'short', stop: 102, suppressed: 'short entries are suppressed in the range regime', regime: 'range' })],
    });
    await act(async () => undefined);
    const running = host.querySelector('[data-testid="running-strategy"]')!;
    expect(running.getAttribute('data-state')).toBe('error');
    expect(running.textContent).toContain('failed in onCandle: boom');
    expect(running.textContent).toContain('fast 5');
    const rows = [...host.querySelectorAll('[data-testid="signal-row"]')];
    expect(rows.map((r) => r.getAttribute('data-direction'))).toEqual(['short', 'long']);
    expect(rows[0]!.getAttribute('data-suppressed')).toBe('true');
    expect(rows[0]!.className).toContain('suppressed');
    expect(rows[0]!.textContent).toContain('Held back: short entries are suppressed in the range regime');
    expect(rows[0]!.textContent).toContain('range');
    expect(rows[1]!.textContent).toContain('stop 98');
    expect(host.textContent).toContain('1 user strategy file not loaded');

    // A live signal of this series joins the list; one of another series does not.
    act(() => transport.deliver({ type: 'event', stream: 'strategy.signal', seq: 1, payload: signal('c', 180_000) }));
    act(() => transport.deliver({ type: 'event', stream: 'strategy.signal', seq: 2, payload: { ...signal('d', 240_000), timeframe: '5m' } }));
    expect(host.querySelectorAll('[data-testid="signal-row"]')).toHaveLength(3);
  });

  it('sends the typed parameters when attaching, and shows the engine refusing them', async () => {
    answer({ 'strategy.list': { strategies, userFolder: { folder: null, loaded: [], errors: [] } }, 'strategy.running': [], 'strategy.signals': [] });
    await act(async () => undefined);
    act(() => (host.querySelector('button[aria-expanded]') as HTMLButtonElement).click());
    const fast = host.querySelector('[data-testid="param-fast"]') as HTMLInputElement;
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(fast, '7');
      fast.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => (host.querySelector('[data-testid="param-reverse"]') as HTMLInputElement).click());
    act(() => (host.querySelector('[data-testid="attach-strategy"]') as HTMLButtonElement).click());
    const attach = transport.sentOf('call').find((c) => c.method === 'strategy.attach')!;
    expect(attach.params).toEqual({ strategy: 'sma-cross', series, params: { fast: 7, reverse: true } });
    act(() => transport.deliver({ type: 'error', id: attach.id, error: { type: 'ValidationError', message: 'sma-cross with these parameters is already attached' } }));
    await act(async () => undefined);
    expect(host.querySelector('.attach-problems')?.textContent).toContain('already attached');
  });
});
