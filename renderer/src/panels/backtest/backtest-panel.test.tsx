// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoresProvider } from '../../app/stores-context';
import { createConnectionStore } from '../../stores/connection-store';
import { createMarketStore, type MarketStore } from '../../stores/market-store';
import { createVenueStore } from '../../stores/venue-store';
import { FakeTransport } from '../../testing/fake-transport';
import { labResult as result, labSeries as series, labStrategies as strategies } from './backtest-fixtures';
import { BacktestPanel } from './backtest-panel';
import { BacktestLabContext, createBacktestLabStore, type BacktestLabStore } from './backtest-store';

Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', true);


describe('BacktestPanel', () => {
  let host: HTMLDivElement;
  let root: Root;
  let transport: FakeTransport;
  let answered: Set<number>;
  let lab: BacktestLabStore;
  let market: MarketStore;

  beforeEach(() => {
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
    transport = new FakeTransport();
    answered = new Set();
    lab = createBacktestLabStore();
    const connection = createConnectionStore({ storage: null, localAvailable: false, createTransport: () => transport });
    market = createMarketStore(null);
    market.getState().setSeries([{ ...series, count: 48, firstOpenTime: Date.UTC(2025, 0, 1), lastOpenTime: Date.UTC(2025, 0, 2, 23) }]);
    market.getState().selectSeries(series);
    connection.getState().connect({ kind: 'remote', url: 'ws://127.0.0.1:1/api' }, { token: 't', remember: false });
    act(() => transport.welcome());
    act(() =>
      root.render(
        <StoresProvider stores={{ connection, market, venues: createVenueStore() }}>
          <BacktestLabContext.Provider value={lab}>
            <BacktestPanel />
          </BacktestLabContext.Provider>
        </StoresProvider>,
      ),
    );
  });
  afterEach(() => {
    act(() => root.unmount());
    host.remove();
  });

  const answer = (results: Record<string, unknown>) => {
    for (const call of transport.sentOf('call')) {
      if (answered.has(call.id) || !(call.method in results)) continue;
      answered.add(call.id);
      act(() => transport.deliver({ type: 'result', id: call.id, result: results[call.method] }));
    }
  };
  const refuse = (method: string, message: string) => {
    const call = transport.sentOf('call').find((c) => c.method === method && !answered.has(c.id))!;
    answered.add(call.id);
    act(() => transport.deliver({ type: 'error', id: call.id, error: { type: 'ValidationError', message } }));
  };
  let seq = 0;
  const progress = (done: number, state: 'running' | 'done' | 'failed' | 'cancelled', message?: string) =>
    act(() => transport.deliver({ type: 'event', stream: 'backtest.progress', seq: ++seq, payload: { jobId: 'job-1', kind: 'backtest', done, total: 100, state, ...(message ? { message } : {}) } }));
  const click = (testId: string) => act(() => (host.querySelector(`[data-testid="${testId}"]`) as HTMLElement).click());
  const type = (testId: string, value: string) => {
    const input = host.querySelector(`[data-testid="${testId}"]`) as HTMLInputElement;
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  };
  const ready = async () => {
    answer({ 'strategy.list': { strategies, userFolder: { folder: null, loaded: [], errors: [] } }, 'backtest.list': [] });
    await act(async () => undefined);
    click('bt-tab-setup');
  };

  it('runs the form as the engine\'s config, follows progress, then shows the result and frames a clicked trade', async () => {
    await ready();
    expect(host.querySelector('[data-testid="backtest-lab"]')?.getAttribute('data-size')).toBe('open');
    type('bt-param-fast', '5');
    type('bt-param-slow', '20');
    type('bt-taker', '0.04');
    click('bt-run');
    const run = transport.sentOf('call').find((c) => c.method === 'backtest.run')!;
    expect(run.params).toEqual({
      ...series, strategy: 'sma-cross', params: { fast: 5, slow: 20 }, initialEquity: 10_000, fees: { makerBps: 2, takerBps: 4 }, slippage: { mode: 'fixed', bps: 2 },
      sizing: { mode: 'equity-fraction', fraction: 1 }, maxLeverage: 1, fillTiming: 'next-open', closeAtEnd: true, approval: { policy: 'approve-all' }, regime: { mode: 'none' },
    });
    // The engine's progress may arrive before the call's answer: the job is adopted either way.
    progress(0, 'running');
    answer({ 'backtest.run': { jobId: 'job-1', kind: 'backtest', done: 0, total: 100, state: 'running' } });
    progress(50, 'running');
    const bar = host.querySelector('[data-testid="bt-run-job"] [role="progressbar"]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('50');
    expect((host.querySelector('[data-testid="bt-run"]') as HTMLButtonElement).disabled).toBe(true);
    progress(100, 'done');
    const get = transport.sentOf('call').find((c) => c.method === 'backtest.get')!;
    expect(get.params).toEqual({ id: 'job-1' });
    answer({ 'backtest.get': result, 'backtest.list': [] });
    await act(async () => undefined);

    expect(host.querySelector('[data-testid="bt-results"]')?.getAttribute('data-run')).toBe('job-1');
    expect(host.querySelector('[data-testid="bt-metric-totalReturn"]')?.textContent).toContain('+5.00%');
    expect(host.querySelector('[data-testid="bt-metric-maxDrawdown"]')?.textContent).toContain('lasted 2h');
    expect(host.querySelector('[data-testid="bt-equity"]')?.getAttribute('data-points')).toBe('3');
    expect([...host.querySelectorAll('[data-testid="bt-regime-row"]')].map((r) => r.getAttribute('data-regime'))).toEqual(['range', 'trend-down']);
    expect(host.querySelector('[data-testid="bt-headline"]')?.textContent).toContain('+5.00%');

    // Sorted by PnL, best first; a click frames that trade (its index in the run) on the chart.
    click('bt-sort-pnl');
    const rows = () => [...host.querySelectorAll('[data-testid="bt-trade-row"]')];
    expect(rows().map((r) => r.getAttribute('data-index'))).toEqual(['1', '0']);
    act(() => (rows()[0] as HTMLElement).click());
    expect(lab.getState().focus).toMatchObject({ runId: 'job-1', tradeIndex: 1 });
    expect(rows()[0]?.getAttribute('aria-selected')).toBe('true');
  });

  it('lists every problem of the form and sends nothing', async () => {
    await ready();
    type('bt-equity', '-5');
    type('bt-param-slow', '1000');
    click('bt-run');
    expect(host.querySelector('[data-testid="bt-run-problems"]')?.textContent).toBe('slow must be between 3 and 500Initial equity must be above 0 and at most 1000000000000');
    expect(transport.sentOf('call').some((c) => c.method === 'backtest.run')).toBe(false);
  });

  it('shows the engine refusing a run, and a job that fails or is cancelled', async () => {
    await ready();
    click('bt-run');
    refuse('backtest.run', 'no candles for binance BTC/USDT 1h in that range');
    await act(async () => undefined);
    expect(host.querySelector('[data-testid="bt-run-job"]')?.getAttribute('data-state')).toBe('failed');
    expect(host.querySelector('[data-testid="bt-run-job"] [role="alert"]')?.textContent).toBe('no candles for binance BTC/USDT 1h in that range');
    expect((host.querySelector('[data-testid="bt-run"]') as HTMLButtonElement).disabled).toBe(false);

    click('bt-run');
    answer({ 'backtest.run': { jobId: 'job-1', kind: 'backtest', done: 0, total: 100, state: 'running' } });
    await act(async () => undefined);
    progress(10, 'running');
    click('bt-run-job-cancel');
    expect(transport.sentOf('call').find((c) => c.method === 'backtest.cancel')?.params).toEqual({ jobId: 'job-1' });
    progress(10, 'cancelled', 'cancelled');
    expect(host.querySelector('[data-testid="bt-run-job"]')?.getAttribute('data-state')).toBe('cancelled');
    expect(transport.sentOf('call').some((c) => c.method === 'backtest.get')).toBe(false);

    click('bt-run');
    answer({ 'backtest.run': { jobId: 'job-2', kind: 'backtest', done: 0, total: 100, state: 'running' } });
    await act(async () => undefined);
    // Another job's events are not this one's.
    progress(100, 'done');
    expect(host.querySelector('[data-testid="bt-run-job"]')?.getAttribute('data-state')).toBe('running');
    act(() => transport.deliver({ type: 'event', stream: 'backtest.progress', seq: ++seq, payload: { jobId: 'job-2', kind: 'backtest', done: 3, total: 100, state: 'failed', message: 'strategy "sma-cross" failed in onCandle: boom' } }));
    expect(host.querySelector('[data-testid="bt-run-job"] [role="alert"]')?.textContent).toContain('failed in onCandle: boom');
  });

  it('collapses to its bar and opens again from it, with the keyboard too', async () => {
    await ready();
    click('bt-collapse');
    expect(host.querySelector('[data-testid="backtest-lab"]')?.getAttribute('data-size')).toBe('collapsed');
    expect(host.querySelector('#bt-view')).toBeNull();
    const tab = host.querySelector('[data-testid="bt-tab-setup"]') as HTMLElement;
    act(() => tab.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })));
    expect(lab.getState()).toMatchObject({ view: 'results', size: 'open' });
    expect(host.querySelector('[data-testid="bt-no-result"]')).not.toBeNull();
    act(() => tab.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(lab.getState().size).toBe('collapsed');
  });
});
