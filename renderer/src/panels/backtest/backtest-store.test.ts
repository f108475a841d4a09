import { describe, expect, it } from 'vitest';
import { createBacktestLabStore, jobEta, jobFraction } from './backtest-store';

describe('backtest lab store', () => {
  it('opens the dock when a view is chosen, and keeps an enlarged one enlarged', () => {
    const store = createBacktestLabStore();
    expect(store.getState()).toMatchObject({ view: 'setup', size: 'collapsed' });
    store.getState().setView('optimize');
    expect(store.getState()).toMatchObject({ view: 'optimize', size: 'open' });
    store.getState().setSize('tall');
    store.getState().setView('results');
    expect(store.getState().size).toBe('tall');
  });

  it('follows its own job only, adopting the first id the engine names', () => {
    let now = 1_000;
    const store = createBacktestLabStore(() => now);
    store.getState().startJob('optimize', null);
    store.getState().progress({ jobId: 'a', kind: 'optimize', done: 1, total: 10, state: 'running' });
    store.getState().progress({ jobId: 'b', kind: 'optimize', done: 9, total: 10, state: 'running' });
    store.getState().progress({ jobId: 'a', kind: 'backtest', done: 5, total: 10, state: 'running' });
    expect(store.getState().jobs.optimize).toMatchObject({ jobId: 'a', done: 1, total: 10, state: 'running', startedAt: 1_000 });
    expect(store.getState().jobs.backtest).toBeUndefined();
    now = 3_000;
    expect(jobEta(store.getState().jobs.optimize!, now)).toBe(18);
    store.getState().progress({ jobId: 'a', kind: 'optimize', done: 10, total: 10, state: 'done' });
    // A finished job takes no more events (a late duplicate changes nothing).
    store.getState().progress({ jobId: 'a', kind: 'optimize', done: 3, total: 10, state: 'running' });
    expect(store.getState().jobs.optimize).toMatchObject({ done: 10, state: 'done' });
  });

  it('ends a job with the reason, and completes the bar when it is done', () => {
    const store = createBacktestLabStore();
    store.getState().startJob('backtest', 'x', 100);
    store.getState().endJob('backtest', 'failed', 'no candles');
    expect(store.getState().jobs.backtest).toMatchObject({ state: 'failed', message: 'no candles', done: 0 });
    store.getState().startJob('backtest', 'y', 100);
    store.getState().endJob('backtest', 'done');
    expect(jobFraction(store.getState().jobs.backtest!)).toBe(1);
  });

  it('makes every focus request count, even on the same trade', () => {
    const store = createBacktestLabStore();
    store.getState().focusTrade('run', 3);
    const first = store.getState().focus;
    store.getState().focusTrade('run', 3);
    expect(store.getState().focus).toMatchObject({ runId: 'run', tradeIndex: 3 });
    expect(store.getState().focus).not.toBe(first);
    expect(store.getState().focus?.nonce).toBe((first?.nonce ?? 0) + 1);
  });

  it('has no pace to go by before the first unit is done', () => {
    expect(jobEta({ done: 0, total: 10, startedAt: 0 }, 5_000)).toBeNull();
    expect(jobFraction({ done: 3, total: 0 })).toBe(0);
  });
});

describe('backtest lab store memory', () => {
  it('keeps the setup across a reload, in the storage it was given', async () => {
    const { MemoryStorage } = await import('../../testing/memory-storage');
    const storage = new MemoryStorage();
    const first = createBacktestLabStore(Date.now, storage);
    first.getState().updateForm({ takerFeePct: '0.04' });
    first.getState().updateSearch({ seed: '7' });
    first.getState().setView('results');
    const second = createBacktestLabStore(Date.now, storage);
    expect(second.getState().form.takerFeePct).toBe('0.04');
    expect(second.getState().search.seed).toBe('7');
    expect(second.getState()).toMatchObject({ view: 'setup', size: 'collapsed', result: null });
  });
});
