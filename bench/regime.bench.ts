/**
 * Regime detector figures: HMM fit (4 states) on the 58,419-bar hourly BTC/USDT file, the longest the
 * fit holds the event loop, online cost per bar (the filter step alone, and the whole tracker update:
 * features + filter + state), and the fitted regimes' statistics as a sanity check. Without ../shared,
 * a seeded synthetic series of the same length stands in.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseCandleCsv } from '../engine/data/csv-candles';
import { toColumns, type Candle } from '../engine/model/candle';
import { HmmFilter } from '../engine/regime/hmm/hmm-filter';
import { HmmRegimeTracker } from '../engine/regime/hmm-regime-tracker';
import { fitInWorker } from '../engine/regime/fit-in-worker';
import { fitRegimeModel } from '../engine/regime/regime-fit';
import { bundleWorker } from '../engine/testing/bundle-worker';
import type { RegimeModel } from '../engine/regime/regime-model';
import { FeatureStream } from '../engine/regime/feature-stream';
import { featureIndices, standardise } from '../engine/regime/regime-features';
import { generateRegimeCandles } from '../engine/testing/regime-candles';
import { SHARED_DATA, fmt, median, report } from './stats';

const FILE = new URL('candles/binance_BTCUSDT_1h_2017-08-17_2024-04-21.csv', SHARED_DATA);
const RUNS = 5;
const KEY = { venue: 'binance', symbol: 'BTCUSDT', timeframe: '1h' } as const;

let candles: Candle[];
let source: string;
if (existsSync(fileURLToPath(FILE))) {
  candles = parseCandleCsv(readFileSync(FILE, 'utf8')).candles;
  source = `${fileURLToPath(FILE)} (${fmt(candles.length)} bars)`;
} else {
  candles = generateRegimeCandles(58_419, { seed: 3 }).candles;
  source = `../shared absent: seeded synthetic regime series (${fmt(candles.length)} bars)`;
}
const columns = toColumns(candles);

const fitTimes: number[] = [];
const fitCpu: number[] = [];
const longestBlocks: number[] = [];
let model: RegimeModel | undefined;
for (let run = 0; run < RUNS; run++) {
  let lastYield = 0;
  let longest = 0;
  const began = performance.now();
  const cpu = process.cpuUsage();
  lastYield = began;
  model = await fitRegimeModel({
    key: KEY,
    candles: columns,
    states: 4,
    id: `bench-${run}`,
    version: 1,
    now: () => Date.now(),
    yieldEvery: () =>
      new Promise((resolve) =>
        setImmediate(() => {
          const now = performance.now();
          longest = Math.max(longest, now - lastYield);
          lastYield = now;
          resolve();
        }),
      ),
  });
  longest = Math.max(longest, performance.now() - lastYield);
  fitTimes.push(performance.now() - began);
  fitCpu.push(process.cpuUsage(cpu).user / 1000);
  longestBlocks.push(longest);
}
if (!model) throw new Error('no fit ran');

// The same fit as the engine runs it: in a worker thread, while a 1 ms timer on this thread measures
// the longest gap the event loop sees (transfer of the candles and the model included).
const workerPath = await bundleWorker('engine/regime/fit-worker.ts', 'regime-worker');
const workerTimes: number[] = [];
const workerGaps: number[] = [];
for (let run = 0; run < RUNS; run++) {
  let last = performance.now();
  let gap = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 1);
  const began = performance.now();
  await fitInWorker(workerPath, { key: KEY, candles: columns, states: 4, id: `bench-worker-${run}`, version: 1, createdAt: Date.now() });
  workerTimes.push(performance.now() - began);
  clearInterval(probe);
  workerGaps.push(Math.max(gap, performance.now() - last));
}

// Online costs: standardised observations for the filter alone; raw candles for the whole tracker.
const stream = new FeatureStream(model.timeframe, model.featureConfig);
const indices = featureIndices(model.features);
const dims = model.features.length;
const observations = new Float64Array(candles.length * dims);
let rows = 0;
for (const candle of candles) {
  const step = stream.push(candle);
  if (step.kind !== 'features') continue;
  standardise(step.raw, indices, model.scaling, observations, rows * dims);
  rows++;
}
const filterNs: number[] = [];
const trackerNs: number[] = [];
let sink = 0;
for (let run = 0; run < RUNS; run++) {
  const filter = new HmmFilter(model.hmm);
  let began = process.hrtime.bigint();
  for (let t = 0; t < rows; t++) sink += filter.step(observations, t * dims)[0]!;
  filterNs.push(Number(process.hrtime.bigint() - began) / rows);
  const tracker = new HmmRegimeTracker(model);
  began = process.hrtime.bigint();
  for (const candle of candles) sink += tracker.update(candle)?.confidence ?? 0;
  trackerNs.push(Number(process.hrtime.bigint() - began) / candles.length);
}

report(`HMM regime fit, 4 states — ${source}`, [
  ['fit (features + 3 restarts of Baum–Welch)', `median ${fmt(median(fitTimes))} ms over ${RUNS} runs (goal ≤ 2,000 ms); runs ${fitTimes.map((t) => fmt(t)).join(', ')}`],
  ['  CPU time of the fit (what wall time is on an idle core)', `median ${fmt(median(fitCpu))} ms; load average now ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`],
  ['longest event-loop hold during a fit on the engine thread', `median ${fmt(median(longestBlocks), 1)} ms`],
  ['fit in a worker thread, as the engine runs it', `median ${fmt(median(workerTimes))} ms; runs ${workerTimes.map((t) => fmt(t)).join(', ')}`],
  ['  longest event-loop gap meanwhile (1 ms timer)', `median ${fmt(median(workerGaps), 1)} ms`],
  ['fitted bars / sequences', `${fmt(model.bars)} / ${model.sequences} (a gap starts a new sequence)`],
  ['iterations of the best restart', `${model.iterations} (converged: ${model.converged}), log-likelihood ${fmt(model.logLikelihood, 1)}, BIC ${fmt(model.bic, 1)}`],
  ['online: filter step per bar', `median ${fmt(median(filterNs))} ns (goal ≤ 5,000 ns)`],
  ['online: tracker update per bar (features + filter + state)', `median ${fmt(median(trackerNs))} ns`],
]);
report(
  'Fitted regimes (most likely filtered state per bar)',
  model.stats.map((s, i) => [
    `state ${i} ${s.label}`,
    `share ${fmt(100 * s.share, 1)} %, mean return ${fmt(1e4 * s.meanReturn, 2)} bp/bar, vol ${fmt(100 * s.volatility, 2)} %/bar, expected stay ${fmt(s.expectedDuration, 0)} bars`,
  ]),
);
if (sink === 42) console.log('');
