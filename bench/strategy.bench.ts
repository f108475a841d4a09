/**
 * Replay throughput of the built-in strategies, bars per second, median of several runs, on the
 * 130,708-bar Binance BTC/USDT 1-minute file (a seeded random walk of the same length when
 * ../shared/data is absent). Each strategy runs through `replaySignals`, the same wrapper and pipeline
 * as live. Where the time goes: the strategy's indicators alone, the strategy called directly (no
 * wrapper, no pipeline), the full pipeline over bar objects, and over columns as the store returns
 * them (one object built and frozen per bar). Issue 5 needs ≥ 2,000,000 bars/s for rsi-reversion with
 * risk and fills on top of this.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Adx } from '../engine/indicators/adx';
import { Atr } from '../engine/indicators/atr';
import { BollingerBands } from '../engine/indicators/bollinger-bands';
import { Macd } from '../engine/indicators/macd';
import { Rsi } from '../engine/indicators/rsi';
import { Sma } from '../engine/indicators/sma';
import { toColumns, type CandleColumns, type SeriesKey } from '../engine/model/candle';
import { CandleRing } from '../engine/strategy/candle-history';
import { replaySignals } from '../engine/strategy/replay';
import { BUILTIN_STRATEGIES } from '../engine/strategy/strategies/builtin-strategies';
import { resolveParams } from '../engine/strategy/strategy-params';
import { STRATEGY_API_VERSION, type OnCandleOptions, type StrategyDefinition } from '../engine/strategy/strategy-api';
import { MINUTE_FILE, loadSharedCandles } from './shared-candles';
import { fmt, median, report, timedRuns } from './stats';

const RUNS = 7;
const { candles, source } = loadSharedCandles(MINUTE_FILE, 130_708, 60_000);
const n = candles.length;
const series: SeriesKey = { venue: 'binance', symbol: 'BTCUSDT', timeframe: '1m' };
const columns: CandleColumns = toColumns(candles);
/** Median bars per second over RUNS timed runs. */
function measure(run: () => number): number {
  return median(timedRuns(RUNS, run).map((ns) => n / (ns / 1e9)));
}

/** The indicators each strategy keeps, updated in a bare loop: the floor under the strategy's own cost. */
const indicatorsOnly: Record<string, () => number> = {
  'sma-cross': () => {
    const f = new Sma(10), s = new Sma(30), a = new Atr(14);
    let x = 0;
    for (let i = 0; i < n; i++) { const c = candles[i]!; x += (f.update(c.close) ?? 0) + (s.update(c.close) ?? 0) + (a.update(c) ?? 0); }
    return x;
  },
  'rsi-reversion': () => {
    const r = new Rsi(14), b = new BollingerBands(20, 2), a = new Atr(14);
    let x = 0;
    for (let i = 0; i < n; i++) { const c = candles[i]!; x += (r.update(c.close) ?? 0) + (b.update(c.close)?.lower ?? 0) + (a.update(c) ?? 0); }
    return x;
  },
  'trend-follow': () => {
    const m = new Macd(12, 26, 9), d = new Adx(14), a = new Atr(14);
    let x = 0;
    for (let i = 0; i < n; i++) { const c = candles[i]!; x += (m.update(c.close)?.histogram ?? 0) + (d.update(c)?.adx ?? 0) + (a.update(c) ?? 0); }
    return x;
  },
};

/** The strategy's onCandle called in a plain loop with one reused options object: no wrapper, no validation, no stamping. */
function direct(definition: StrategyDefinition): number {
  const params = resolveParams(definition);
  const strategy = definition.create({ params, series });
  const ring = new CandleRing(definition.warmUp(params) + 1);
  const options: { -readonly [K in keyof OnCandleOptions]: OnCandleOptions[K] } = { series, candle: candles[0]!, history: ring.view };
  let signals = 0;
  for (let i = 0; i < n; i++) {
    const candle = candles[i]!;
    ring.push(candle);
    options.candle = candle;
    const result = strategy.onCandle(options);
    if (result) signals += Array.isArray(result) ? result.length : 1;
  }
  return signals;
}

const empty: StrategyDefinition = {
  name: 'empty',
  apiVersion: STRATEGY_API_VERSION,
  description: 'does nothing: the cost of the pipeline alone',
  parameters: [],
  warmUp: () => 0,
  create: () => ({ onCandle: () => undefined }),
};

/** One signal on every bar: the cost of validating, stamping and collecting a signal. */
const everyBar: StrategyDefinition = {
  ...empty,
  name: 'every-bar',
  create: () => ({ onCandle: ({ candle }) => ({ direction: 'long', strength: 0.5, stop: candle.close * 0.99, rationale: 'every bar' }) }),
};

type Figures = { replay: number; fromColumns: number; bare: number; indicators?: number; collected?: number; signals: number };

/** Measures one strategy; run in its own process so no other strategy's code has made the shared call sites polymorphic. */
function measureOne(name: string): Figures {
  const definition = [...BUILTIN_STRATEGIES, empty, everyBar].find((d) => d.name === name)!;
  // Signals are handed to a callback, as a backtest consumes them; collecting 100,000s of them in an
  // array is measured separately (it is the garbage collector's time, not the pipeline's).
  let signals = 0;
  const onSignal = () => void (signals += 1);
  const replay = measure(() => {
    signals = 0;
    return replaySignals({ series, strategies: [{ definition }], candles, onSignal }).bars;
  });
  const count = signals;
  const fromColumns = measure(() => replaySignals({ series, strategies: [{ definition }], candles: columns, onSignal }).bars);
  const collected = name === 'every-bar' ? measure(() => replaySignals({ series, strategies: [{ definition }], candles }).bars) : undefined;
  const bare = measure(() => direct(definition));
  const indicators = indicatorsOnly[name] ? measure(indicatorsOnly[name]) : undefined;
  return { replay, fromColumns, bare, signals: count, ...(indicators ? { indicators } : {}), ...(collected ? { collected } : {}) };
}

const one = process.env.STRATUS_BENCH_STRATEGY;
if (one) {
  process.stdout.write(JSON.stringify(measureOne(one)));
} else {
  const ns = (rate: number) => `${fmt(1e9 / rate, 0)} ns`;
  const rows: [string, string][] = [];
  const results: Record<string, Figures> = {};
  for (const name of ['empty', 'every-bar', ...BUILTIN_STRATEGIES.map((d) => d.name)]) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { env: { ...process.env, STRATUS_BENCH_STRATEGY: name }, encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`measuring ${name} failed: ${child.stderr}`);
    const f = JSON.parse(child.stdout) as Figures;
    results[name] = f;
    const label = name === 'empty' ? 'pipeline alone (empty strategy)' : name === 'every-bar' ? 'a signal on every bar' : name;
    rows.push([`${label}: replay, bar objects`, `${fmt(f.replay).padStart(11)} bars/s  ${ns(f.replay).padStart(7)}/bar  (${fmt(f.signals)} signals)`]);
    rows.push([`${label}: replay, store columns`, `${fmt(f.fromColumns).padStart(11)} bars/s  ${ns(f.fromColumns).padStart(7)}/bar`]);
    rows.push([`${label}: strategy called directly`, `${fmt(f.bare).padStart(11)} bars/s  ${ns(f.bare).padStart(7)}/bar  (wrapper + pipeline: ${ns(1 / (1 / f.replay - 1 / f.bare))}/bar)`]);
    if (f.indicators) rows.push([`${label}: its indicators alone`, `${fmt(f.indicators).padStart(11)} bars/s  ${ns(f.indicators).padStart(7)}/bar`]);
    if (f.collected) rows.push([`${label}: replay, all signals kept in an array`, `${fmt(f.collected).padStart(11)} bars/s  ${ns(f.collected).padStart(7)}/bar`]);
  }
  report(
    `Strategy replay throughput: ${fmt(n)} bars of ${source}, median of ${RUNS} runs, each strategy in its own process (Node ${process.versions.node}, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)})`,
    rows,
  );
  const every = results['every-bar'];
  const empty1 = results.empty;
  if (every && empty1) {
    console.log(`\n  one signal (validate, stamp, hand over): ${ns(1 / (1 / every.replay - 1 / empty1.replay))}`);
    if (every.collected) console.log(`  one signal kept in an array as well (garbage collection of 130,708 live signals): ${ns(1 / (1 / every.collected - 1 / empty1.replay))}`);
  }
  const rsi = results['rsi-reversion'];
  if (rsi) console.log(`  rsi-reversion replay: ${fmt(rsi.replay)} bars/s (issue 5 needs ≥ 2,000,000 bars/s with risk and fills on top)`);
}
