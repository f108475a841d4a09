/**
 * Result check for performance work on the backtest path: runs a fixed set of backtests (rsi-reversion on the
 * 1-minute file through both order paths, sma-cross with stops and targets, a stressed re-run, a volatility-target
 * sizing run, and a few optimiser evaluations with fitness and Monte Carlo on the hourly file) and prints one
 * SHA-256 digest of their trades, metrics, equity curves and counts. With REFERENCE=<file> it compares with the
 * digests stored there (writing them when the file does not exist) and exits non-zero on any difference, so a
 * change that should leave results alone can be checked against a run made before it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { frozenCandles, toColumns, type SeriesKey } from '../engine/model/candle';
import { BTC_PERP } from '../engine/adapters/sim/test-instruments';
import { BUILTIN_STRATEGIES } from '../engine/strategy/strategies/builtin-strategies';
import { backtestConfigSchema } from '../engine/backtest/backtest-config';
import { runKernel, type KernelInput } from '../engine/backtest/simulation/backtest-kernel';
import { runMetrics } from '../engine/backtest/simulation/backtest-result';
import { periodsPerYear } from '../engine/backtest/metrics/annualisation';
import { evalContext, evaluate } from '../engine/backtest/optimizer/evaluate';
import type { PreparedData } from '../engine/backtest/runs/prepared-data';
import { MINUTE_FILE, loadSharedCandles } from './shared-candles';

const minute = loadSharedCandles(MINUTE_FILE, 130_708, 60_000);
const hourly = loadSharedCandles('binance_BTCUSDT_1h_2017-08-17_2024-04-21.csv', 58_419, 3_600_000);
const minuteColumns = toColumns(minute.candles);
const minuteBars = frozenCandles(minuteColumns);
const series: SeriesKey = { venue: 'sim', symbol: 'BTCUSDT', timeframe: '1m' };
const strategy = (name: string) => BUILTIN_STRATEGIES.find((s) => s.name === name)!;

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Float64Array ? Array.from(v) : v))).digest('hex');
}

async function kernelCase(name: string, extra: Record<string, unknown>, options: Partial<KernelInput> = {}): Promise<[string, string]> {
  const config = backtestConfigSchema.parse({
    strategy: name,
    ...series,
    initialEquity: 10_000,
    fees: { makerBps: 2, takerBps: 5.5 },
    slippage: { mode: 'volatility', factor: 0.1 },
    sizing: { mode: 'equity-fraction', fraction: 0.5 },
    ...extra,
  });
  const run = await runKernel({ series, instrument: BTC_PERP, config, definition: strategy(name), candles: minuteColumns, bars: minuteBars, tradeStart: 0, recordOrders: true, ...options });
  const metrics = runMetrics(run, periodsPerYear('1m'));
  const fills = run.fills.map((f) => ({ ...f, id: undefined, clientOrderId: f.clientOrderId.replace(/^.*?(:sl|:tp)?$/, '$1') }));
  return [`${name} ${JSON.stringify(extra)} ${options.orderPath ?? 'default'}`, digest({ metrics, trades: run.trades, equity: run.equity, counts: run.counts, fills, regimes: run.regimes })];
}

const cases: [string, string][] = [];
cases.push(await kernelCase('rsi-reversion', {}, { orderPath: 'direct' }));
cases.push(await kernelCase('rsi-reversion', {}, { orderPath: 'execution-engine' }));
cases.push(await kernelCase('rsi-reversion', {}, { stress: { fees: 2, slippage: 3 } }));
cases.push(await kernelCase('sma-cross', { params: { fast: 5, slow: 20, stopAtr: 2, targetAtr: 3 }, sizing: { mode: 'risk-per-trade', riskFraction: 0.01 } }));
cases.push(await kernelCase('sma-cross', { params: { fast: 5, slow: 20, stopAtr: 2, targetAtr: 3 }, sizing: { mode: 'volatility-target', riskFraction: 0.01, atrMultiple: 2 }, closeAtEnd: false }, { orderPath: 'execution-engine' }));
cases.push(await kernelCase('trend-follow', {}));

const data: PreparedData = { series: { ...series, timeframe: '1h' }, instrument: BTC_PERP, strategy: { name: 'rsi-reversion' }, candles: toColumns(hourly.candles), tradeStart: 0, periods: periodsPerYear('1h') };
const ctx = evalContext(data, strategy('rsi-reversion'));
const base = backtestConfigSchema.parse({ strategy: 'rsi-reversion', ...data.series, slippage: { mode: 'volatility', factor: 0.1 }, sizing: { mode: 'equity-fraction', fraction: 0.5 } });
const window = { tradeStart: 0, end: hourly.candles.length };
for (const params of [{ rsiPeriod: 5, lower: 20, upper: 80 }, { rsiPeriod: 14, lower: 30, upper: 70 }, { rsiPeriod: 24, lower: 40, upper: 60 }]) {
  const candidate = await evaluate(ctx, base, params, window, { objective: 'fitness', monteCarloRuns: 100, seed: 7 });
  cases.push([`evaluate ${JSON.stringify(params)}`, digest(candidate)]);
}

for (const [name, hash] of cases) console.log(`${hash.slice(0, 16)}  ${name}`);
const path = process.env.REFERENCE;
if (path) {
  if (!existsSync(path)) {
    writeFileSync(path, JSON.stringify(Object.fromEntries(cases), null, 1));
    console.log(`reference written to ${path}`);
  } else {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    const differ = cases.filter(([name, hash]) => stored[name] !== hash);
    for (const [name] of differ) console.log(`DIFFERS: ${name}`);
    console.log(differ.length === 0 ? `identical to ${path} (${cases.length} cases)` : `${differ.length} of ${cases.length} cases differ from ${path}`);
    if (differ.length > 0) process.exitCode = 1;
  }
}
