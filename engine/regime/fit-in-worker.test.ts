import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors';
import type { HmmFitProgress } from './hmm/fit-hmm';
import { bundleWorker } from '../testing/bundle-worker';
import { generateRegimeCandles } from '../testing/regime-candles';
import { toColumns } from '../model/candle';
import { TEST_SERIES } from '../testing/regime-test-model';
import { fitInWorker } from './fit-in-worker';
import { requestOf, type FitJob } from './fit-job';
import { fitRegimeModel } from './regime-fit';

const HOUR = 3_600_000;

describe('a regime fit in a worker thread', () => {
  let workerPath = '';
  beforeAll(async () => {
    workerPath = await bundleWorker('engine/regime/fit-worker.ts', 'regime-worker');
  });

  it('gives the model a fit on the engine thread gives, with its sentiment inputs, and reports progress', async () => {
    const { candles } = generateRegimeCandles(2_000, { seed: 9 });
    const columns = toColumns(candles);
    const job: FitJob = {
      key: TEST_SERIES,
      candles: columns,
      states: 3,
      id: 'w',
      version: 2,
      createdAt: 1_700_000_000_000,
      inputs: columns.openTime.map((t) => ({
        sentiment: { symbol: 'BTC', window: '1h' as const, at: t, score: Math.sin(t / HOUR / 40), confidence: 0.6, count: 4, spike: false },
      })),
    };
    const progress: HmmFitProgress[] = [];
    const inWorker = await fitInWorker(workerPath, job, (p) => progress.push(p));
    const here = await fitRegimeModel(requestOf(job));
    expect(progress.length).toBeGreaterThan(2);
    expect(inWorker.features).toContain('sentiment');
    expect({ ...inWorker, fitMs: 0 }).toEqual({ ...here, fitMs: 0 });
    expect(inWorker.createdAt).toBe(job.createdAt);
  });

  it('refuses a fit the engine would refuse, with the same ValidationError', async () => {
    const { candles } = generateRegimeCandles(100, { seed: 3 });
    const job: FitJob = { key: TEST_SERIES, candles: toColumns(candles), states: 4, id: 'x', version: 1, createdAt: 0 };
    const failure = fitInWorker(workerPath, job);
    await expect(failure).rejects.toBeInstanceOf(ValidationError);
    await expect(failure).rejects.toThrow(/100 stored, at least \d+ needed/);
  });

  it('rejects when the worker cannot start', async () => {
    const job: FitJob = { key: TEST_SERIES, candles: toColumns([]), states: 2, id: 'y', version: 1, createdAt: 0 };
    await expect(fitInWorker('/nonexistent/regime-worker.js', job)).rejects.toThrow();
  });
});
