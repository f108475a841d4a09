import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BacktestProgress } from '../../backtest/backtest-types';
import { startServe, type RunningServe } from '../../hosts/serve';
import { generateRegimeCandles } from '../../testing/regime-candles';
import { eventually } from '../../testing/eventually';
import { tempDir } from '../../testing/temp-dir';
import { WsTestClient } from '../../testing/ws-test-client';

const TOKEN = 'test-token-0123456789abcdef';
const series = { venue: 'binance', symbol: 'BTCUSDT', timeframe: '1h' } as const;

describe('backtest API over WebSocket', () => {
  let dir: ReturnType<typeof tempDir>;
  let serve: RunningServe;
  let client: WsTestClient;
  const candles = generateRegimeCandles(1_500, { seed: 9 }).candles;

  beforeEach(async () => {
    dir = tempDir();
    serve = await startServe({ databasePath: join(dir.path, 'stratus.db'), port: 0, token: TOKEN, staticDir: null });
    client = await WsTestClient.connect(serve.apiUrl, TOKEN);
    await client.call('data.appendCandles', { ...series, candles });
  });
  afterEach(async () => {
    await client.close();
    await serve.close();
    dir.remove();
  });

  const progressOf = (jobId: string) => client.events.filter((e) => e.stream === 'backtest.progress').map((e) => e.payload as BacktestProgress).filter((p) => p.jobId === jobId);

  it('runs a backtest as a job with progress events; gets, lists, runs Monte Carlo and the lookahead check, deletes', async () => {
    client.subscribe({ 'backtest.progress': null });
    await client.waitFor((m) => m.type === 'subscribed');
    const job = await client.call('backtest.run', { strategy: 'sma-cross', params: { fast: 8, slow: 30 }, ...series, sizing: { mode: 'all-equity' } });
    expect(job).toMatchObject({ kind: 'backtest', state: 'running' });
    await eventually(() => expect(progressOf(job.jobId).at(-1)?.state).toBe('done'));
    const result = await client.call('backtest.get', { id: job.jobId });
    expect(result.metrics.trades).toBeGreaterThan(3);
    expect(result.trades.every((t) => typeof t.pnl === 'number')).toBe(true);
    expect(JSON.stringify(result)).not.toMatch(/\d+n"/);
    expect((await client.call('backtest.list', {})).map((s) => s.id)).toEqual([job.jobId]);
    expect((await client.call('backtest.jobs', {}))[0]).toMatchObject({ jobId: job.jobId, state: 'done' });
    const mc = await client.call('backtest.monteCarlo', { id: job.jobId, runs: 200 });
    expect(mc.runs).toBe(200);
    expect(mc.maxDrawdown.p95).toBeGreaterThanOrEqual(mc.maxDrawdown.p50);
    const look = await client.call('backtest.lookahead', { ...series, strategy: 'sma-cross', params: { fast: 8, slow: 30 }, cuts: 20 });
    expect(look).toMatchObject({ strategy: 'sma-cross', passed: true, findings: [] });
    expect(await client.call('backtest.delete', { id: job.jobId })).toEqual({ deleted: job.jobId });
    await expect(client.call('backtest.get', { id: job.jobId })).rejects.toMatchObject({ type: 'NotFoundError', message: `no backtest ${job.jobId}` });
  });

  it('optimises and walks forward through the API', async () => {
    const search = { method: 'grid' as const, ranges: [{ name: 'fast', values: [5, 10] }, { name: 'slow', values: [30, 50] }], monteCarloRuns: 10 };
    const opt = await client.call('backtest.optimize', { base: { strategy: 'sma-cross', ...series }, search });
    await eventually(async () => expect((await client.call('backtest.optimization', { id: opt.jobId })).state).toBe('done'));
    const table = await client.call('backtest.optimization', { id: opt.jobId });
    expect(table.rows).toHaveLength(4);
    expect(table.best).toEqual(table.rows[0]);
    expect((await client.call('backtest.optimizations', {})).map((o) => o.id)).toEqual([opt.jobId]);
    const wf = await client.call('backtest.walkforward', { base: { strategy: 'sma-cross', ...series }, search, windows: 2 });
    await eventually(async () => expect((await client.call('backtest.walkforwardResult', { id: wf.jobId })).state).toBe('done'), { timeoutMs: 15_000 });
    const result = await client.call('backtest.walkforwardResult', { id: wf.jobId });
    expect(result.windows).toHaveLength(2);
    expect(result.stitched?.metrics.startEquity).toBe(10_000);
  });

  it('refuses bad input with the reason, and says when a job is not there or still running', async () => {
    await expect(client.call('backtest.run', { strategy: 'sma-cross', ...series, fees: { makerBps: 0, takerBps: -1 } })).rejects.toMatchObject({ type: 'ValidationError' });
    await expect(client.call('backtest.run', { strategy: 'sma-cross', ...series, from: 10, to: 5 })).rejects.toMatchObject({ type: 'ValidationError', message: expect.stringMatching(/"from" must not be after "to"/) as string });
    await expect(client.call('backtest.optimize', { base: { strategy: 'sma-cross', ...series }, search: { ranges: [] } })).rejects.toMatchObject({ type: 'ValidationError' });
    await expect(client.call('backtest.get', { id: 'nope' })).rejects.toMatchObject({ type: 'NotFoundError', message: 'no backtest nope' });
    await expect(client.call('backtest.cancel', { jobId: 'nope' })).rejects.toMatchObject({ type: 'NotFoundError', message: 'no backtest job nope' });
    const job = await client.call('backtest.run', { strategy: 'sma-cross', ...series, symbol: 'ETHUSDT' });
    await eventually(async () => expect((await client.call('backtest.jobs', {})).find((j) => j.jobId === job.jobId)?.state).toBe('failed'));
    await expect(client.call('backtest.get', { id: job.jobId })).rejects.toMatchObject({ message: expect.stringMatching(/failed: no stored candles for binance ETHUSDT 1h/) as string });
  });
});
