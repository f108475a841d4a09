// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineTarget } from '../engine-client/engine-target';
import { FakeTransport } from '../testing/fake-transport';
import { MemoryStorage } from '../testing/memory-storage';
import { createConnectionStore } from '../stores/connection-store';
import { CONNECTION_STORAGE_KEY } from '../stores/connection-storage';
import { createMarketStore } from '../stores/market-store';
import { createVenueStore } from '../stores/venue-store';
import { App } from './app';
import { autoConnect } from './boot';
import { BAD_TOKEN_MESSAGE } from './connection-problem';

Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', true);

// happy-dom has no canvas for lightweight-charts: draw into a stub that keeps the same attributes.
vi.mock('../panels/chart/candle-chart', async () => ({ CandleChart: (await import('../testing/stub-candle-chart')).StubCandleChart }));
// Chart layers draw on the real chart's canvas API, which the stub has not; they have their own tests.
vi.mock('../panels/chart/chart-layers', () => ({ CHART_LAYERS: [] }));

function setup(options: { localAvailable?: boolean } = {}) {
  const storage = new MemoryStorage();
  const opened: { target: EngineTarget; token: string; transport: FakeTransport }[] = [];
  const connection = createConnectionStore({
    storage,
    localAvailable: options.localAvailable ?? false,
    createTransport: (target, token) => {
      const transport = new FakeTransport();
      opened.push({ target, token, transport });
      return transport;
    },
  });
  const market = createMarketStore(storage);
  return { stores: { connection, market, venues: createVenueStore() }, storage, opened };
}

function typeInto(input: HTMLInputElement, value: string): void {
  // React tracks the value it last rendered; set it through the prototype so onChange fires.
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(input, value);
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

const byTestId = <T extends Element = HTMLElement>(container: ParentNode, id: string): T => {
  const element = container.querySelector<T>(`[data-testid="${id}"]`);
  if (!element) throw new Error(`no element with data-testid="${id}"`);
  return element;
};

describe('App connection screen', () => {
  let host: HTMLDivElement;
  let root: Root;
  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
  });

  it('connects to the URL and token typed, and says clearly when the token is refused', () => {
    const { stores, opened, storage } = setup();
    act(() => root.render(<App stores={stores} />));
    expect(host.querySelector('[data-testid="engine-choice-local"]')).toBeNull();

    act(() => {
      typeInto(byTestId(host, 'engine-url'), 'http://127.0.0.1:7420/');
      typeInto(byTestId(host, 'engine-token'), 'wrong');
      byTestId<HTMLInputElement>(host, 'remember-token').click();
    });
    act(() => byTestId<HTMLButtonElement>(host, 'connect').click());
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ target: { kind: 'remote', url: 'ws://127.0.0.1:7420/api' }, token: 'wrong' });
    expect(byTestId(host, 'connection-progress').textContent).toContain('Connecting to 127.0.0.1:7420');

    act(() => opened[0]?.transport.status({ state: 'refused', reason: { type: 'AuthError', message: 'the engine refused this token' } }));
    const alert = host.querySelector('[role="alert"]');
    expect(alert?.textContent).toBe(BAD_TOKEN_MESSAGE);
    // A refused token is not kept, even though "remember" was ticked.
    expect(JSON.parse(storage.getItem(CONNECTION_STORAGE_KEY) ?? '')).toMatchObject({ token: null });
  });

  it('asks for a token before trying, and offers "This computer" only in the desktop app', () => {
    const { stores, opened } = setup({ localAvailable: true });
    act(() => root.render(<App stores={stores} />));
    expect(byTestId<HTMLInputElement>(host, 'engine-choice-local').checked).toBe(true);
    expect(host.querySelector('[data-testid="engine-token"]')).toBeNull();
    act(() => byTestId<HTMLInputElement>(host, 'engine-choice-remote').click());
    act(() => typeInto(byTestId(host, 'engine-url'), '127.0.0.1:7420'));
    act(() => byTestId<HTMLButtonElement>(host, 'connect').click());
    expect(opened).toHaveLength(0);
    expect(host.querySelector('[role="alert"]')?.textContent).toMatch(/token printed by `stratus serve`/);
  });

  it('shows that an unreachable engine is being retried, and can cancel', () => {
    const { stores, opened } = setup();
    act(() => root.render(<App stores={stores} />));
    act(() => typeInto(byTestId(host, 'engine-token'), 't'));
    act(() => byTestId<HTMLButtonElement>(host, 'connect').click());
    act(() => opened[0]?.transport.drop(3));
    expect(byTestId(host, 'connection-progress').textContent).toMatch(/Cannot reach the engine at .*\(attempt 3\)/);
    act(() => byTestId<HTMLButtonElement>(host, 'cancel-connect').click());
    expect(opened[0]?.transport.closed).toBe(true);
    expect(host.querySelector('[data-testid="connection-progress"]')).toBeNull();
  });
});

describe('App workstation', () => {
  it('shows the workstation once welcomed, keeps it through a reconnect, and leaves it on disconnect', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = createRoot(host);
    const { stores, opened } = setup();
    act(() => root.render(<App stores={stores} />));
    act(() => typeInto(byTestId(host, 'engine-token'), 't'));
    act(() => byTestId<HTMLButtonElement>(host, 'connect').click());
    const transport = opened[0]!.transport;
    act(() => transport.welcome('engine-9'));

    const status = byTestId(host, 'connection-status');
    expect(status.getAttribute('role')).toBe('status');
    expect(status.getAttribute('data-state')).toBe('open');
    const answer = async (method: string, result: unknown): Promise<void> => {
      const call = transport.sentOf('call').find((c) => c.method === method);
      if (!call) throw new Error(`${method} was not called; calls: ${transport.sentOf('call').map((c) => c.method).join(', ')}`);
      await act(async () => transport.deliver({ type: 'result', id: call.id, result }));
    };
    await answer('system.info', { engineId: 'engine-9', version: '0.1.0', startedAt: 0, host: 'serve', databasePath: '/data/stratus.db' });
    await answer('data.series', [
      { venue: 'bybit', symbol: 'BTC/USDT', timeframe: '1m', count: 3, firstOpenTime: 0, lastOpenTime: 120_000 },
      { venue: 'bybit', symbol: 'ETH/USDT', timeframe: '1h', count: 1, firstOpenTime: 0, lastOpenTime: 0 },
    ]);
    await answer('data.candles', { openTime: [0, 60_000, 120_000], open: [1, 2, 3], high: [1, 2, 3], low: [1, 2, 3], close: [1, 2, 3.5], volume: [1, 1, 1] });

    const picker = byTestId<HTMLButtonElement>(host, 'symbol-picker');
    expect(picker.textContent).toBe('bybit · BTC/USDT');
    act(() => picker.click());
    const options = [...host.querySelectorAll('[data-testid="symbol-option"]')].map((o) => o.getAttribute('data-symbol'));
    expect(options).toEqual(['BTC/USDT', 'ETH/USDT']);
    act(() => picker.click());
    expect(host.querySelector('[data-testid="symbol-search-popover"]')).toBeNull();
    expect(host.querySelectorAll('[data-testid="series-row"]')).toHaveLength(2);
    expect(byTestId(host, 'engine-database').textContent).toBe('/data/stratus.db');
    const chart = byTestId(host, 'chart');
    expect(chart.dataset).toMatchObject({ ready: 'true', candleCount: '3', lastClose: '3.5' });

    act(() => transport.deliver({ type: 'event', stream: 'data.candle', seq: 1, payload: { venue: 'bybit', symbol: 'BTC/USDT', timeframe: '1m', candle: { openTime: 180_000, open: 3.5, high: 4, low: 3, close: 4, volume: 2 }, receivedAt: 0 } }));
    expect(chart.dataset).toMatchObject({ candleCount: '4', lastClose: '4' });

    act(() => transport.drop());
    expect(byTestId(host, 'connection-status').getAttribute('data-state')).toBe('reconnecting');
    expect(host.querySelector('[data-testid="workstation"]')).not.toBeNull();

    act(() => byTestId<HTMLButtonElement>(host, 'disconnect').click());
    expect(host.querySelector('[data-testid="connection-screen"]')).not.toBeNull();
    act(() => root.unmount());
    host.remove();
  });
});

describe('autoConnect', () => {
  it('connects with a #token= from the address bar, remembers it, and removes it from the URL', () => {
    const { stores, opened, storage } = setup();
    const replaced: string[] = [];
    autoConnect(
      stores.connection,
      { hash: '#token=t0k3n', protocol: 'http:', host: '127.0.0.1:7420', pathname: '/', search: '' },
      { state: null, replaceState: (_state: unknown, _title: string, url?: string | URL | null) => replaced.push(String(url)) },
    );
    expect(replaced).toEqual(['/']);
    expect(opened[0]).toMatchObject({ target: { kind: 'remote', url: 'ws://127.0.0.1:7420/api' }, token: 't0k3n' });
    expect(JSON.parse(storage.getItem(CONNECTION_STORAGE_KEY) ?? '')).toMatchObject({ token: 't0k3n' });
  });

  it('reopens a remembered remote engine, and the local one by default in the desktop app', () => {
    const remembered = setup();
    remembered.storage.setItem(CONNECTION_STORAGE_KEY, JSON.stringify({ target: { kind: 'remote', url: 'ws://h:1/api' }, token: 'x' }));
    const store = createConnectionStore({
      storage: remembered.storage,
      localAvailable: false,
      createTransport: (target, token) => {
        remembered.opened.push({ target, token, transport: new FakeTransport() });
        return remembered.opened.at(-1)!.transport;
      },
    });
    const noHash = { hash: '', protocol: 'http:', host: 'h:1', pathname: '/', search: '' };
    const history = { state: null, replaceState: () => {} };
    autoConnect(store, noHash, history);
    expect(remembered.opened[0]).toMatchObject({ target: { kind: 'remote', url: 'ws://h:1/api' }, token: 'x' });

    const desktop = setup({ localAvailable: true });
    autoConnect(desktop.stores.connection, { ...noHash, protocol: 'file:' }, history);
    expect(desktop.opened[0]?.target).toEqual({ kind: 'local' });

    const browser = setup();
    autoConnect(browser.stores.connection, noHash, history);
    expect(browser.opened).toHaveLength(0);
  });
});
