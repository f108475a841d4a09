/**
 * Backtest throughput: one rsi-reversion backtest with sizing, the simulated approval, risk checks and sim
 * fills over the 130,708-bar Binance BTC/USDT 1-minute file (a seeded random
 * walk of the same length when ../shared/data is absent), in bars per second, median of 9 runs after 6 untimed
 * ones. Issue 5's goal: ≥ 2,000,000 bars/s (the file in ≤ 0.07 s after load). The baseline is the strategy
 * replay alone (replaySignals: the same pipeline with no orders), so the ratio shows what the order path costs.
 * Both order paths are timed, interleaved: `execution-engine` (ExecutionEngine + in-memory journal + the sim
 * venue, as paper and live orders go) and `direct` (from the risk check straight to the sim venue).
 */
import { cpus, loadavg } from 'node:os';
import { frozenCandles, toColumns, type SeriesKey } from '../engine/model/candle';
import { BTC_PERP } from '../engine/adapters/sim/test-instruments';
import { replaySignals } from '../engine/strategy/replay';
import { BUILTIN_STRATEGIES } from '../engine/strategy/strategies/builtin-strategies';
import { backtestConfigSchema } from '../engine/backtest/backtest-config';
import { runKernel } from '../engine/backtest/simulation/backtest-kernel';
import { MINUTE_FILE, loadSharedCandles } from './shared-candles';
import { fmt, median, report } from './stats';

const RUNS = 9;
const WARM_UP = 6;
const { candles, source } = loadSharedCandles(MINUTE_FILE, 130_708, 60_000);
const columns = toColumns(candles);
// Loading makes the frozen bar objects once, as the CLI and the API do (evalContext): the timed part is the backtest.
const bars = frozenCandles(columns);
const n = candles.length;
const series: SeriesKey = { venue: 'sim', symbol: 'BTCUSDT', timeframe: '1m' };
const instrument = BTC_PERP;
const definition = BUILTIN_STRATEGIES.find((s) => s.name === 'rsi-reversion')!;
const config = backtestConfigSchema.parse({
  strategy: 'rsi-reversion',
  ...series,
  initialEquity: 10_000,
  fees: { makerBps: 2, takerBps: 5.5 },
  slippage: { mode: 'volatility', factor: 0.1 },
  sizing: { mode: 'equity-fraction', fraction: 0.5 },
});

type OrderPath = 'direct' | 'execution-engine';

async function backtestOnce(orderPath: OrderPath): Promise<{ ns: number; trades: number; orders: number }> {
  const began = process.hrtime.bigint();
  const run = await runKernel({ series, instrument, config, definition, candles: columns, bars, tradeStart: 0, orderPath });
  const ns = Number(process.hrtime.bigint() - began);
  return { ns, trades: run.trades.length, orders: run.counts.orders };
}

function replayOnce(): number {
  const began = process.hrtime.bigint();
  const { signals } = replaySignals({ series, strategies: [{ definition }], candles: bars });
  if (signals.length === 0.5) console.log('');
  return Number(process.hrtime.bigint() - began);
}

const load = loadavg();
// Untimed runs first: the kernel, the venue and the order path take several runs to be compiled and settle.
for (let w = 0; w < WARM_UP; w++) {
  await backtestOnce('direct');
  await backtestOnce('execution-engine');
  replayOnce();
}
const times: number[] = [];
const engineTimes: number[] = [];
const replay: number[] = [];
let last = { trades: 0, orders: 0 };
// Interleaved, so a change in the machine's load falls on all three alike.
for (let r = 0; r < RUNS; r++) {
  const run = await backtestOnce('direct');
  times.push(run.ns);
  last = run;
  engineTimes.push((await backtestOnce('execution-engine')).ns);
  replay.push(replayOnce());
}
const medianNs = median(times);
const engineNs = median(engineTimes);
const replayNs = median(replay);
const rate = (ns: number): string => `${fmt(ns / 1e6, 1)} ms = ${fmt(n / (ns / 1e9))} bars/s`;
report(`Backtest, rsi-reversion with proposals, sizing, risk checks and sim fills — ${source}`, [
  ['bars', fmt(n)],
  ['trades / orders', `${fmt(last.trades)} / ${fmt(last.orders)}`],
  [`direct path (the default), median of ${RUNS}`, `${rate(medianNs)} (goal ≥ 2,000,000 bars/s)`],
  [`execution-engine path, median of ${RUNS}`, rate(engineNs)],
  ['fastest / slowest (engine; direct)', `${fmt(Math.min(...engineTimes) / 1e6, 1)} / ${fmt(Math.max(...engineTimes) / 1e6, 1)} ms; ${fmt(Math.min(...times) / 1e6, 1)} / ${fmt(Math.max(...times) / 1e6, 1)} ms`],
  ['baseline: replay alone (no orders)', rate(replayNs)],
  ['engine / direct / replay time', `${fmt(engineNs / replayNs, 2)}× / ${fmt(medianNs / replayNs, 2)}× / 1× (engine ÷ direct ${fmt(engineNs / medianNs, 2)}×)`],
  ['machine', `${cpus().length} cores, Node ${process.versions.node}, load ${load.map((l) => l.toFixed(2)).join(' ')}`],
]);
