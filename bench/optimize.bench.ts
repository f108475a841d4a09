/**
 * Optimisation throughput: a grid of 500 rsi-reversion parameter sets (RSI period × lower × upper band) over the
 * 58,419-bar Binance BTC/USDT hourly file (a seeded random walk of that length when ../shared/data is absent), with
 * the full multi-objective fitness per set (the backtest, the stressed backtest and 100 Monte Carlo reshuffles), in
 * the bundled worker threads, 2 workers. Issue 5's goals: ≤ 30 s, peak memory ≤ 1 GB. Prints each run's wall time
 * and the process's peak resident memory (main thread and workers share the process). Baseline: the same grid on
 * one worker, for the parallel speed-up.
 */
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { backtestConfigSchema, optimizeConfigSchema } from '../engine/backtest/backtest-config';
import type { JobContext } from '../engine/backtest/backtest-jobs';
import { optimise } from '../engine/backtest/optimizer/optimise';
import type { PreparedData } from '../engine/backtest/runs/prepared-data';
import { periodsPerYear } from '../engine/backtest/metrics/annualisation';
import { BTC_PERP } from '../engine/adapters/sim/test-instruments';
import { toColumns } from '../engine/model/candle';
import { BUILTIN_STRATEGIES } from '../engine/strategy/strategies/builtin-strategies';
import { loadSharedCandles } from './shared-candles';
import { fmt, median, report } from './stats';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const { candles, source } = loadSharedCandles('binance_BTCUSDT_1h_2017-08-17_2024-04-21.csv', 58_419, 3_600_000);
const definition = BUILTIN_STRATEGIES.find((s) => s.name === 'rsi-reversion')!;
const series = { venue: 'sim', symbol: 'BTCUSDT', timeframe: '1h' as const };
const data: PreparedData = {
  series,
  instrument: BTC_PERP,
  strategy: { name: definition.name },
  candles: toColumns(candles),
  tradeStart: 0,
  periods: periodsPerYear('1h'),
};
const config = optimizeConfigSchema.parse({
  base: backtestConfigSchema.parse({ strategy: 'rsi-reversion', ...series, slippage: { mode: 'volatility', factor: 0.1 }, sizing: { mode: 'equity-fraction', fraction: 0.5 } }),
  search: {
    method: 'grid',
    ranges: [
      { name: 'rsiPeriod', min: 5, max: 24, step: 1 },
      { name: 'lower', min: 20, max: 40, step: 5 },
      { name: 'upper', min: 60, max: 80, step: 5 },
    ],
    monteCarloRuns: 100,
  },
});
const workerPath = resolve('dist/cli/backtest-worker.js');

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);

async function once(workers: number): Promise<{ ms: number; evaluations: number; best: string }> {
  const job: JobContext = { id: 'bench', signal: new AbortController().signal, progress: () => undefined };
  const began = performance.now();
  const result = await optimise({
    id: 'bench',
    createdAt: 0,
    config,
    data,
    definition,
    workerPath,
    workers,
    job,
    window: { tradeStart: 0, end: candles.length },
    publish: () => undefined,
    save: () => undefined,
  });
  const best = result.rows[0]!;
  return { ms: performance.now() - began, evaluations: result.evaluations, best: `${JSON.stringify(best.params)} fitness ${best.fitness.toFixed(3)}` };
}

const load = loadavg();
const times: number[] = [];
let last = { evaluations: 0, best: '' };
for (let r = 0; r < RUNS; r++) {
  const run = await once(2);
  times.push(run.ms);
  last = run;
  console.log(`  run ${r + 1}: ${fmt(run.ms / 1000, 1)} s`);
}
const single = await once(1);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
report(`Optimisation, ${fmt(last.evaluations)} rsi-reversion parameter sets — ${source}`, [
  ['bars per backtest', fmt(candles.length)],
  ['backtests per set', '2 (as given, and fees ×2 / slippage ×3) + 100 Monte Carlo reshuffles'],
  [`2 workers, median of ${RUNS}`, `${fmt(median(times) / 1000, 1)} s (goal ≤ 30 s) = ${fmt((2 * last.evaluations * candles.length) / (median(times) / 1000))} bars/s`],
  ['baseline: 1 worker', `${fmt(single.ms / 1000, 1)} s (speed-up ${fmt(single.ms / median(times), 2)}×)`],
  ['peak resident memory', `${fmt(peakRss / 2 ** 20)} MiB (goal ≤ 1,024)`],
  ['best', last.best],
  ['machine', `${cpus().length} cores, Node ${process.versions.node}, load ${load.map((l) => l.toFixed(2)).join(' ')}`],
]);
