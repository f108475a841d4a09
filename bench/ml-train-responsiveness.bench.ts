/**
 * How much an ml-direction training holds the engine: a real engine (`startServe`, in this process, so
 * its event loop is this one) trains on the 58,419-bar hourly BTC/USDT file through `ml.train` while
 * - perf_hooks' monitorEventLoopDelay records the event loop's delay (p99, max), and
 * - a client calls `system.ping` every 2 ms over the WebSocket API; each round trip counts from the time
 *   the ping was due, so a stall that delays sending it is counted too (p99, max).
 * Two engines, alternating runs: one training on the engine thread (handing the loop back between
 * fitting steps, the path before the worker), one training in the ml-train worker thread.
 * Medians of several runs, and the ratio between the two. Without ../shared a seeded synthetic series of
 * the same length stands in.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startServe, type RunningServe } from '../engine/hosts/serve';
import { bundleWorker } from '../engine/testing/bundle-worker';
import { tempDir } from '../engine/testing/temp-dir';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { loadSharedCandles } from './shared-candles';
import { fmt, median, percentile, report } from './stats';

const RUNS = Number(process.env.RUNS ?? 5);
const PING_EVERY_MS = 2;
const TOKEN = 'bench-token-0123456789abcdef';
const SERIES = { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h' } as const;

type Run = { readonly trainMs: number; readonly loopP99: number; readonly loopMax: number; readonly pingP99: number; readonly pingMax: number; readonly pings: number };
type Engine = { readonly name: string; readonly serve: RunningServe; readonly client: WsTestClient; readonly runs: Run[] };

const { candles, source } = loadSharedCandles('binance_BTCUSDT_1h_2017-08-17_2024-04-21.csv', 58_419, 3_600_000);

async function startEngine(name: string, dir: string, workerPath: string | undefined): Promise<Engine> {
  const serve = await startServe({
    databasePath: join(dir, `${name}.db`),
    port: 0,
    token: TOKEN,
    staticDir: null,
    mlTraining: { workerPath },
    // A ping every 2 ms is the default flood limit (500 messages/s): raised so no ping is ever refused.
    rateLimit: { perSecond: 10_000, burst: 10_000 },
  });
  const client = await WsTestClient.connect(serve.apiUrl, TOKEN);
  for (let from = 0; from < candles.length; from += 4_000) {
    await client.call('data.appendCandles', { ...SERIES, candles: candles.slice(from, from + 4_000) });
  }
  return { name, serve, client, runs: [] };
}

/** One training through the API with the loop monitored and pings going meanwhile. */
async function measure(engine: Engine): Promise<Run> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const pings: number[] = [];
  let training = true;
  const pinging = (async () => {
    let due = performance.now();
    while (training) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await engine.client.call('system.ping', {});
      pings.push(performance.now() - due);
      due = Math.max(due + PING_EVERY_MS, performance.now());
    }
  })();
  histogram.enable();
  const began = performance.now();
  await engine.client.call('ml.train', { ...SERIES, horizon: 12 });
  const trainMs = performance.now() - began;
  histogram.disable();
  training = false;
  await pinging;
  return {
    trainMs,
    loopP99: histogram.percentile(99) / 1e6,
    loopMax: histogram.max / 1e6,
    pingP99: percentile(pings, 99),
    pingMax: Math.max(...pings),
    pings: pings.length,
  };
}

const dir = tempDir('stratus-bench-ml-train-');
const workerPath = await bundleWorker('engine/strategy/strategies/ml-direction/ml-train-worker.ts', 'ml-train-worker');
const inThread = await startEngine('in-thread', dir.path, undefined);
const inWorker = await startEngine('worker', dir.path, workerPath);
const loadBefore = loadavg();
try {
  // One untimed training each (the JIT settles), then alternate so both see the same machine load.
  await measure(inThread);
  await measure(inWorker);
  for (let run = 0; run < RUNS; run++) {
    for (const engine of run % 2 === 0 ? [inThread, inWorker] : [inWorker, inThread]) engine.runs.push(await measure(engine));
  }
} finally {
  for (const engine of [inThread, inWorker]) {
    await engine.client.close();
    await engine.serve.close();
  }
  dir.remove();
}

const med = (engine: Engine, key: keyof Run): number => median(engine.runs.map((r) => r[key]));
const row = (engine: Engine): [string, string][] => [
  [`${engine.name}: training wall time`, `median ${fmt(med(engine, 'trainMs'))} ms; runs ${engine.runs.map((r) => fmt(r.trainMs)).join(', ')}`],
  [`${engine.name}: event-loop delay p99 / max`, `median ${fmt(med(engine, 'loopP99'), 1)} ms / ${fmt(med(engine, 'loopMax'), 1)} ms; max per run ${engine.runs.map((r) => fmt(r.loopMax, 1)).join(', ')}`],
  [`${engine.name}: system.ping round trip p99 / max`, `median ${fmt(med(engine, 'pingP99'), 1)} ms / ${fmt(med(engine, 'pingMax'), 1)} ms (median ${fmt(med(engine, 'pings'))} pings per training)`],
];
const ratio = (key: keyof Run): string => `${fmt(med(inThread, key) / med(inWorker, key), 1)}×`;
report(`ml.train of a 1h series, horizon 12, 5 folds, ${RUNS} runs per path — ${source}`, [
  ...row(inThread),
  ...row(inWorker),
  ['in-thread / worker: event-loop delay p99, max', `${ratio('loopP99')}, ${ratio('loopMax')}`],
  ['in-thread / worker: ping round trip p99, max', `${ratio('pingP99')}, ${ratio('pingMax')}`],
  ['machine', `${cpus().length} cores, Node ${process.versions.node}; load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg().map((l) => l.toFixed(2)).join(' ')} (shared machine)`],
]);
