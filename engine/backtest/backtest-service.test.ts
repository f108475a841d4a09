import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LiveClock } from '../core/clock';
import { MessageBus } from '../core/message-bus';
import type { SeriesKey } from '../model/candle';
import { openDatabase } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { InstrumentRepository } from '../store/repositories/instrument-repository';
import { BUILTIN_STRATEGIES } from '../strategy/strategies/builtin-strategies';
import { StrategyRegistry } from '../strategy/strategy-registry';
import { bundleWorker } from '../testing/bundle-worker';
import { generateRegimeCandles } from '../testing/regime-candles';
import { tempDir } from '../testing/temp-dir';
import { backtestConfigSchema, optimizeConfigSchema, walkForwardConfigSchema, type BacktestConfigInput } from './backtest-config';
import type { BacktestProgress } from './backtest-types';
import { BacktestService } from './backtest-service';
import { BacktestStore } from './backtest-store';

const series: SeriesKey = { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h' };
const HOUR = 3_600_000;

describe('backtest service over a real SQLite file', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: ReturnType<typeof openDatabase>;
  let bus: MessageBus;
  let workerPath: string;
  const progress: BacktestProgress[] = [];
  const candles = generateRegimeCandles(3_000, { seed: 5 }).candles;

  beforeAll(async () => {
    workerPath = await bundleWorker('engine/backtest/optimizer/optimizer-worker.ts', 'backtest-worker');
  });

  beforeEach(() => {
    dir = tempDir();
    db = openDatabase({ path: join(dir.path, 'stratus.db') });
    new CandleRepository(db).upsertMany(series, candles, 0);
    bus = new MessageBus();
    progress.length = 0;
    bus.subscribe<BacktestProgress>('backtest.progress.>', (p) => progress.push(p));
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });
  afterAll(() => undefined);

  const service = (withWorker = false) =>
    new BacktestService({
      candles: new CandleRepository(db),
      instruments: new InstrumentRepository(db),
      strategies: new StrategyRegistry(BUILTIN_STRATEGIES),
      store: new BacktestStore(db),
      bus,
      clock: new LiveClock(),
      log: () => undefined,
      ...(withWorker ? { workerPath, workers: 2 } : {}),
    });
  const base = (over: Partial<BacktestConfigInput> = {}): BacktestConfigInput => ({
    strategy: 'sma-cross',
    params: { fast: 8, slow: 30 },
    ...series,
    from: candles[500]!.openTime,
    ...over,
  });

  it('runs a backtest as a job, reports progress, stores the result and lists, reads and deletes it', async () => {
    const s = service();
    const job = s.run(backtestConfigSchema.parse(base()));
    expect((await s.jobs.settled(job.jobId)).state).toBe('done');
    expect(progress.at(-1)).toMatchObject({ jobId: job.jobId, kind: 'backtest', state: 'done' });
    const result = s.get(job.jobId);
    expect(result.from).toBe(candles[500]!.openTime);
    expect(result.to).toBe(candles.at(-1)!.openTime);
    expect(result.metrics.trades).toBeGreaterThan(5);
    expect(result.trades.length).toBeGreaterThanOrEqual(result.metrics.trades);
    expect(result.equity.length).toBeGreaterThan(100);
    expect(result.config.params).toMatchObject({ fast: 8, slow: 30 });
    expect(s.list().map((b) => b.id)).toEqual([job.jobId]);
    expect(s.delete(job.jobId)).toEqual({ deleted: job.jobId });
    expect(() => s.get(job.jobId)).toThrow(/no backtest/);
    expect(() => s.delete(job.jobId)).toThrow(/no backtest/);
  });

  it('the same configuration gives the same result (determinism through the store)', async () => {
    const s = service();
    const a = s.run(backtestConfigSchema.parse(base({ slippage: { mode: 'volatility', factor: 0.1 } })));
    const b = s.run(backtestConfigSchema.parse(base({ slippage: { mode: 'volatility', factor: 0.1 } })));
    await s.jobs.settled(a.jobId);
    await s.jobs.settled(b.jobId);
    const { id: _a, createdAt: _ca, ...ra } = s.get(a.jobId);
    const { id: _b, createdAt: _cb, ...rb } = s.get(b.jobId);
    expect(rb).toEqual(ra);
  });

  it('fails a job clearly: unknown strategy, bad parameters, no candles, a regime with too few bars before the test', async () => {
    const s = service();
    const cases: [Partial<BacktestConfigInput>, RegExp][] = [
      [{ strategy: 'nope' }, /no strategy named "nope"/],
      [{ params: { fast: 0 } }, /invalid parameters for sma-cross: fast/],
      [{ symbol: 'ETH/USDT' }, /no stored candles for binance ETH\/USDT 1h/],
      [{ from: candles[300]!.openTime, regime: { mode: 'fit-before', trainBars: 500 } }, /fitted on bars before the test only: 300 are there, at least \d+ needed/],
    ];
    for (const [over, message] of cases) {
      const job = s.run(backtestConfigSchema.parse(base(over)));
      const end = await s.jobs.settled(job.jobId);
      expect(end.state).toBe('failed');
      expect(end.message).toMatch(message);
      expect(() => s.get(job.jobId)).toThrow(message);
    }
  });

  it('fits the regime model on bars before the test only and breaks the result down by regime', async () => {
    const s = service();
    const job = s.run(backtestConfigSchema.parse(base({ from: candles[1_500]!.openTime, regime: { mode: 'fit-before', states: 3, trainBars: 1_400 } })));
    const end = await s.jobs.settled(job.jobId);
    expect(end.state).toBe('done');
    const result = s.get(job.jobId);
    expect(result.byRegime.filter((r) => r.regime !== 'none').length).toBeGreaterThan(0);
    expect(result.byRegime.reduce((n, r) => n + r.bars, 0)).toBe(1_500);
  });

  it('grid optimisation on this thread and in worker threads agree, rows best first, stored', async () => {
    const config = optimizeConfigSchema.parse({
      base: base({ from: undefined }),
      search: { method: 'grid', ranges: [{ name: 'fast', min: 5, max: 11, step: 3 }, { name: 'slow', values: [20, 40] }], monteCarloRuns: 20 },
    });
    const inThread = service();
    const a = inThread.optimize(config);
    expect((await inThread.jobs.settled(a.jobId)).state).toBe('done');
    const threaded = service(true);
    const b = threaded.optimize(config);
    expect((await threaded.jobs.settled(b.jobId)).state).toBe('done');
    const ra = inThread.optimization(a.jobId);
    const rb = threaded.optimization(b.jobId);
    expect(ra.evaluations).toBe(6);
    expect(ra.parameters).toEqual(['fast', 'slow']);
    expect(ra.rows.map((r) => r.params)).toEqual(rb.rows.map((r) => r.params));
    expect(ra.rows.map((r) => r.objective)).toEqual(rb.rows.map((r) => r.objective));
    expect(ra.rows.map((r) => r.rank)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let i = 1; i < ra.rows.length; i++) expect(ra.rows[i - 1]!.objective).toBeGreaterThanOrEqual(ra.rows[i]!.objective);
    const best = ra.rows[0]!;
    for (const part of Object.values(best.components)) expect(part).toBeGreaterThanOrEqual(0);
    expect(inThread.optimizations().map((o) => o.id)).toEqual([b.jobId, a.jobId]);
  });

  it('genetic optimisation is deterministic for a seed', async () => {
    const config = optimizeConfigSchema.parse({
      base: base({ from: undefined }),
      search: { method: 'genetic', ranges: [{ name: 'fast', min: 3, max: 20, step: 1 }, { name: 'slow', min: 21, max: 80, step: 1 }], population: 8, generations: 3, seed: 11, monteCarloRuns: 10 },
    });
    const s = service(true);
    const a = s.optimize(config);
    const b = s.optimize(config);
    await s.jobs.settled(a.jobId);
    await s.jobs.settled(b.jobId);
    const ra = s.optimization(a.jobId);
    const rb = s.optimization(b.jobId);
    expect(ra.state).toBe('done');
    expect(ra.history).toHaveLength(3);
    expect(rb.rows.map((r) => [r.params, r.objective])).toEqual(ra.rows.map((r) => [r.params, r.objective]));
  });

  it('a parameter set the strategy refuses (sma-cross with fast ≥ slow) is skipped and counted, in the grid and the genetic search alike, in workers and in-thread', async () => {
    const ranges = [{ name: 'fast', min: 5, max: 25, step: 5 }, { name: 'slow', min: 10, max: 20, step: 5 }];
    for (const [search, withWorker] of [
      [{ method: 'grid', ranges, monteCarloRuns: 0 }, false],
      [{ method: 'genetic', ranges, population: 6, generations: 2, seed: 3, monteCarloRuns: 0 }, true],
    ] as const) {
      const s = service(withWorker);
      const job = s.optimize(optimizeConfigSchema.parse({ base: base({ from: undefined }), search }));
      const end = await s.jobs.settled(job.jobId);
      expect(end.state).toBe('done');
      const result = s.optimization(job.jobId);
      expect(result.rows.length).toBeGreaterThan(0);
      for (const row of result.rows) expect(Number(row.params.fast)).toBeLessThan(Number(row.params.slow));
      expect(result.refused).toBeGreaterThan(0);
      expect(result.message).toMatch(/refused by sma-cross: .*fast \(\d+\) must be shorter than slow/);
    }
  });

  it('refuses a bad search: unknown parameter, out of its limits, a grid too large', async () => {
    const s = service();
    const cases: [object, RegExp][] = [
      [{ method: 'grid', ranges: [{ name: 'speed', min: 1, max: 2, step: 1 }] }, /sma-cross has no parameter "speed"/],
      [{ method: 'grid', ranges: [{ name: 'fast', min: 0, max: 2, step: 1 }] }, /"fast" value 0 must lie in/],
      [{ method: 'grid', ranges: [{ name: 'fast', min: 2, max: 200, step: 1 }, { name: 'slow', min: 3, max: 400, step: 1 }], maxEvaluations: 1_000 }, /the grid has 79,202 combinations/],
    ];
    for (const [search, message] of cases) {
      const job = s.optimize(optimizeConfigSchema.parse({ base: base(), search }));
      const end = await s.jobs.settled(job.jobId);
      expect(end.state).toBe('failed');
      expect(end.message).toMatch(message);
    }
  });

  it('cancels a running optimisation and keeps what it finished', async () => {
    const s = service();
    const job = s.optimize(optimizeConfigSchema.parse({ base: base({ from: undefined }), search: { method: 'grid', ranges: [{ name: 'fast', min: 2, max: 20, step: 1 }], monteCarloRuns: 0 } }));
    await new Promise((resolve) => setTimeout(resolve, 30));
    s.cancel(job.jobId);
    const end = await s.jobs.settled(job.jobId);
    expect(end.state).toBe('cancelled');
    const kept = s.optimization(job.jobId);
    expect(kept.state).toBe('cancelled');
    expect(kept.evaluations).toBeLessThan(19);
  });

  it('walk-forward: optimises each in-sample window, tests out-of-sample, stitches the equity', async () => {
    const s = service(true);
    const job = s.walkForward(
      walkForwardConfigSchema.parse({
        base: base({ from: undefined }),
        search: { method: 'grid', ranges: [{ name: 'fast', values: [5, 10] }, { name: 'slow', values: [30, 50] }], monteCarloRuns: 10 },
        mode: 'rolling',
        windows: 3,
        inSampleFraction: 0.7,
      }),
    );
    const end = await s.jobs.settled(job.jobId);
    expect(end.state).toBe('done');
    const result = s.walkForwardResult(job.jobId);
    expect(result.state).toBe('done');
    expect(result.windows).toHaveLength(3);
    for (const w of result.windows) {
      expect(w.inSample.to).toBeLessThan(w.outOfSample.from);
      expect(w.outOfSample.from - w.inSample.to).toBe(HOUR);
    }
    const oosBars = result.windows.reduce((n, w) => n + w.outOfSample.bars, 0);
    expect(result.stitched!.metrics.startEquity).toBe(10_000);
    expect(result.stitched!.equity.at(-1)!.time).toBe(candles.at(-1)!.openTime + HOUR);
    expect(oosBars).toBe(result.windows.at(-1)!.outOfSample.bars + result.windows[0]!.outOfSample.bars * 2);
  });
});
