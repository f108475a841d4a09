import { beforeAll, describe, expect, it } from 'vitest';
import { toColumns, type SeriesKey } from '../../model/candle';
import { BTC_PERP } from '../../adapters/sim/test-instruments';
import { BUILTIN_STRATEGIES } from '../../strategy/strategies/builtin-strategies';
import { bundleWorker } from '../../testing/bundle-worker';
import { generateRegimeCandles } from '../../testing/regime-candles';
import { backtestConfigSchema, optimizeConfigSchema } from '../backtest-config';
import { periodsPerYear } from '../metrics/annualisation';
import type { PreparedData } from '../runs/prepared-data';
import { createEvaluator } from './evaluator';
import { searchWindow } from './optimise';

const series: SeriesKey = { venue: 'sim', symbol: 'BTCUSDT', timeframe: '1h' };
const candles = generateRegimeCandles(1_500, { seed: 9 }).candles;
const data: PreparedData = { series, instrument: BTC_PERP, strategy: { name: 'sma-cross' }, candles: toColumns(candles), tradeStart: 0, periods: periodsPerYear('1h') };
const definition = BUILTIN_STRATEGIES.find((s) => s.name === 'sma-cross')!;
const base = backtestConfigSchema.parse({ strategy: 'sma-cross', ...series, sizing: { mode: 'equity-fraction', fraction: 0.5 } });
// fast 5–25 against slow 10–30: some sets (fast ≥ slow) are refused, and they count as evaluated too.
const search = optimizeConfigSchema.parse({
  base,
  search: { method: 'genetic', ranges: [{ name: 'fast', min: 5, max: 25, step: 5 }, { name: 'slow', min: 10, max: 30, step: 5 }], population: 6, generations: 3, patience: 10, seed: 4, monteCarloRuns: 0 },
}).search;

type Step = { done: number; rows: number };

async function geneticRun(workerPath?: string) {
  const evaluator = createEvaluator({ data, definition, base, search, ...(workerPath ? { workerPath, workers: 2 } : {}) });
  const steps: Step[] = [];
  try {
    const outcome = await searchWindow(definition, base.params, search, evaluator, { tradeStart: 0, end: candles.length }, undefined, (done, _total, rows) => steps.push({ done, rows: rows.length }));
    return { steps, outcome, inWorkers: evaluator.inWorkers };
  } finally {
    await evaluator.close();
  }
}

/** Every fresh set is one step of progress: done grows by one per evaluated set (by more only for sets seen before). */
function checkPerSet(steps: readonly Step[], evaluated: number): void {
  for (let i = 1; i < steps.length; i++) expect(steps[i]!.done).toBeGreaterThanOrEqual(steps[i - 1]!.done);
  expect(steps.at(-1)!.done).toBe(search.population * search.generations);
  // One report per evaluated set plus one at the end of each generation.
  expect(steps.length).toBe(evaluated + search.generations);
  expect(steps.filter((s, i) => i > 0 && s.done === steps[i - 1]!.done + 1).length).toBeGreaterThanOrEqual(evaluated - search.generations);
}

describe('genetic search progress', () => {
  let workerPath = '';
  beforeAll(async () => {
    workerPath = await bundleWorker('engine/backtest/optimizer/optimizer-worker.ts', 'backtest-worker');
  });

  it('reports each evaluated parameter set, on this thread and in workers, with the same result', async () => {
    const inThread = await geneticRun();
    const inWorkers = await geneticRun(workerPath);
    expect(inThread.inWorkers).toBe(false);
    expect(inWorkers.inWorkers).toBe(true);
    const evaluated = inThread.outcome.rows.length + inThread.outcome.refused.count;
    expect(inThread.outcome.refused.count).toBeGreaterThan(0);
    checkPerSet(inThread.steps, evaluated);
    checkPerSet(inWorkers.steps, evaluated);
    // The live table grows as sets come in, not a generation at a time.
    expect(new Set(inThread.steps.map((s) => s.rows)).size).toBeGreaterThan(search.generations + 1);
    expect(inWorkers.outcome.rows.map((r) => [r.params, r.objective, r.generation])).toEqual(inThread.outcome.rows.map((r) => [r.params, r.objective, r.generation]));
    expect(inWorkers.outcome.history).toEqual(inThread.outcome.history);
  });
});
