import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { backtestConfigSchema, optimizeConfigSchema, walkForwardConfigSchema } from '../backtest/backtest-config';
import { BacktestService } from '../backtest/backtest-service';
import { BacktestStore } from '../backtest/backtest-store';
import { storedRegimesAt } from '../backtest/runs/stored-regimes';
import type { BacktestProgress } from '../backtest/backtest-types';
import { LiveClock } from '../core/clock';
import { EngineError, errorMessage, ValidationError } from '../core/errors';
import { MessageBus } from '../core/message-bus';
import { RegimeRepository } from '../regime/regime-repository';
import { RegimeService } from '../regime/regime-service';
import { openDatabase } from '../store/database';
import { SettingsRepository } from '../store/repositories/settings-repository';
import { OnchainRepository } from '../store/repositories/onchain-repository';
import { SentimentRepository } from '../store/repositories/sentiment-repository';
import { FLOW_BUCKET_MS } from '../signals/onchain/flows';
import { createContextProviders } from '../strategy/context-providers';
import { CandleRepository } from '../store/repositories/candle-repository';
import { InstrumentRepository } from '../store/repositories/instrument-repository';
import { BUILTIN_STRATEGIES } from '../strategy/strategies/builtin-strategies';
import { profileStrategiesDir } from '../strategy/create-strategy';
import { StrategyRegistry } from '../strategy/strategy-registry';
import { collect, configInput, parseRanges, type BacktestCliOptions } from './backtest-options';
import { backtestMarkdown, backtestSummary, optimizationMarkdown, optimizationSummary, walkForwardMarkdown, walkForwardSummary } from './backtest-report';
import { defaultDatabasePath } from './default-paths';

type SearchCliOptions = BacktestCliOptions & {
  range: string[];
  method: string;
  objective: string;
  seed: string;
  population: string;
  generations: string;
  patience: string;
  monteCarlo: string;
  workers?: string;
};
type WalkForwardCliOptions = SearchCliOptions & { mode: string; windows: string; inSample: string };

/** The optimiser's worker beside the bundled CLI; none when running from source (then it runs on this thread). */
function bundledWorker(): string | undefined {
  const path = fileURLToPath(new URL('./backtest-worker.js', import.meta.url));
  return existsSync(path) ? path : undefined;
}

function commonOptions(command: Command): Command {
  return command
    .requiredOption('--strategy <name>', 'strategy, e.g. rsi-reversion')
    .requiredOption('--venue <venue>', 'venue of the stored series, e.g. binance')
    .requiredOption('--symbol <symbol>', 'symbol, e.g. BTC/USDT')
    .requiredOption('--timeframe <tf>', 'bar length, e.g. 1h')
    .option('--param <name=value>', 'a strategy parameter (repeatable)', collect, [])
    .option('--from <date>', 'first bar tested (ISO date or ms); earlier bars warm the strategy up')
    .option('--to <date>', 'last bar tested')
    .option('--equity <amount>', 'starting equity in quote currency', '10000')
    .option('--maker-bps <bps>', 'maker fee, basis points', '2')
    .option('--taker-bps <bps>', 'taker fee, basis points', '5.5')
    .option('--slippage <model>', 'none, fixed:BPS or volatility:FACTOR[:MAXBPS]', 'fixed:2')
    .option('--sizing <mode>', 'equity-fraction:F, fixed-quantity:Q, all-equity, risk-per-trade:F, volatility-target:F:ATRS, kelly:F:MAX', 'equity-fraction:1')
    .option('--leverage <x>', 'largest notional over equity', '1')
    .option('--fill <when>', 'market orders fill at next-open or close', 'next-open')
    .option('--leave-open', 'leave a position open at the end instead of closing it at the last close')
    .option('--approval <policy>', 'all, delay:BARS or reject:MINSTRENGTH[:long|short]', 'all')
    .option('--order-path <path>', 'direct (to the sim venue) or execution-engine (journaled, as live)', 'direct')
    .option('--regime-states <n>', 'fit a regime model with n states on bars before the test')
    .option('--stored-regimes', 'use the regime states the engine stored while it ran (those known at each bar)')
    .option('--regime-train <bars>', 'bars the regime model is fitted on', '5000')
    .option('--lot-step <step>', 'lot step when the store has no instrument (1 = whole shares)')
    .option('--tick-size <tick>', 'tick size when the store has no instrument')
    .option('--db <path>', 'profile database', defaultDatabasePath())
    .option('--json', 'print the result as JSON')
    .option('--report <file.md>', 'also write a Markdown report');
}

function searchOptions(command: Command): Command {
  return command
    .option('--range <spec>', 'a parameter to vary: name=min:max:step or name=a,b,c (repeatable)', collect, [])
    .option('--method <m>', 'grid or genetic', 'genetic')
    .option('--objective <o>', 'fitness, sharpe, sortino, calmar, total-return or profit-factor', 'fitness')
    .option('--seed <n>', 'seed of the genetic search and Monte Carlo', '1')
    .option('--population <n>', 'genetic: individuals per generation', '40')
    .option('--generations <n>', 'genetic: generations', '12')
    .option('--patience <n>', 'genetic: stop after this many generations without improvement', '4')
    .option('--monte-carlo <runs>', 'trade reshuffles per parameter set (robustness)', '100')
    .option('--workers <n>', 'worker threads (all cores by default)');
}

function searchInput(o: SearchCliOptions) {
  return {
    method: o.method,
    ranges: parseRanges(o.range),
    objective: o.objective,
    seed: Number(o.seed),
    population: Number(o.population),
    generations: Number(o.generations),
    patience: Number(o.patience),
    monteCarloRuns: Number(o.monteCarlo),
    ...(o.workers !== undefined ? { workers: Number(o.workers) } : {}),
  };
}

/** A schema's complaint as one line naming the option's path. */
function parsed<T>(result: { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } }): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new ValidationError(`${issue.path.map(String).join('.') || 'options'}: ${issue.message}`);
}

/** Opens the profile, runs one job with a progress bar on stderr, and hands the service and the job's id to `done`. */
async function withJob(o: BacktestCliOptions, start: (service: BacktestService) => BacktestProgress, done: (service: BacktestService, id: string) => void): Promise<void> {
  const db = openDatabase({ path: o.db });
  const bus = new MessageBus();
  const registry = new StrategyRegistry(BUILTIN_STRATEGIES);
  const folder = profileStrategiesDir(o.db);
  if (folder && existsSync(folder)) await registry.loadUserFolder(folder);
  // The trader's regime modulation (defaults and stored overrides), as the engine applies it.
  const regime = new RegimeService({ candles: new CandleRepository(db), repository: new RegimeRepository(db), settings: new SettingsRepository(db), bus, clock: new LiveClock(), log: () => undefined });
  const instruments = new InstrumentRepository(db);
  const sentiment = new SentimentRepository(db);
  const onchain = new OnchainRepository(db);
  const service = new BacktestService({
    candles: new CandleRepository(db),
    instruments,
    strategies: registry,
    store: new BacktestStore(db),
    storedRegimes: (series, columns) => storedRegimesAt(db, series, columns),
    bus,
    clock: new LiveClock(),
    log: (message, error) => console.error(message, error ?? ''),
    workerPath: bundledWorker(),
    modulationFor: (name, state) => regime.modulationFor(name, state),
    // Sentiment and exchange flow as the engine stored them, by arrival time: the same context the lab's backtests get.
    context: createContextProviders({
      baseOf: (series) => instruments.get(series.venue, series.symbol)?.base,
      sentimentAsOf: (symbol, window, at) => sentiment.asOf(symbol, window, at),
      flows: (query) => onchain.flows(query, FLOW_BUCKET_MS),
    }),
  });
  const bar = new SingleBar({ format: '{kind} |{bar}| {percentage}% {value}/{total} {message}', hideCursor: true, stream: process.stderr }, Presets.shades_classic);
  let shown = false;
  bus.subscribe<BacktestProgress>('backtest.progress.>', (p) => {
    if (p.state !== 'running') return;
    if (!shown) {
      bar.start(p.total, p.done, { kind: p.kind, message: p.message ?? '' });
      shown = true;
    }
    bar.setTotal(p.total);
    bar.update(p.done, { kind: p.kind, message: p.message ?? '' });
  });
  try {
    const job = start(service);
    const end = await service.jobs.settled(job.jobId);
    if (shown) bar.stop();
    if (end.state !== 'done') throw new ValidationError(end.message ?? `the ${end.kind} ${end.state}`);
    done(service, job.jobId);
  } catch (error) {
    if (shown) bar.stop();
    throw error instanceof EngineError ? error : new ValidationError(errorMessage(error));
  } finally {
    db.close();
  }
}

function output(o: BacktestCliOptions, json: unknown, summary: string, markdown: string): void {
  if (o.json) console.log(JSON.stringify(json));
  else console.log(summary);
  if (o.report) {
    writeFileSync(o.report, markdown);
    if (!o.json) console.log(`report written to ${o.report}`);
  }
}

export function registerBacktestCommands(program: Command): void {
  commonOptions(program.command('backtest').description('backtest a strategy on a stored series: the live strategy, risk and order code over a test clock'))
    .action(async (o: BacktestCliOptions) => {
      const config = parsed(backtestConfigSchema.safeParse(configInput(o)));
      await withJob(o, (s) => s.run(config), (s, id) => {
        const result = s.get(id);
        output(o, result, backtestSummary(result), backtestMarkdown(result));
      });
    });

  searchOptions(commonOptions(program.command('optimize').description('search strategy parameters (grid or genetic) with the multi-objective fitness, on all cores')))
    .action(async (o: SearchCliOptions) => {
      const config = parsed(optimizeConfigSchema.safeParse({ base: configInput(o), search: searchInput(o) }));
      await withJob(o, (s) => s.optimize(config), (s, id) => {
        const result = s.optimization(id);
        output(o, result, optimizationSummary(result), optimizationMarkdown(result));
      });
    });

  searchOptions(commonOptions(program.command('walkforward').description('walk-forward analysis: optimise in-sample, test out-of-sample, stitch the out-of-sample equity')))
    .option('--mode <m>', 'rolling or anchored', 'rolling')
    .option('--windows <n>', 'out-of-sample windows', '5')
    .option('--in-sample <fraction>', 'in-sample share of each window pair', '0.75')
    .action(async (o: WalkForwardCliOptions) => {
      const config = parsed(
        walkForwardConfigSchema.safeParse({ base: configInput(o), search: searchInput(o), mode: o.mode, windows: Number(o.windows), inSampleFraction: Number(o.inSample) }),
      );
      await withJob(o, (s) => s.walkForward(config), (s, id) => {
        const result = s.walkForwardResult(id);
        output(o, result, walkForwardSummary(result), walkForwardMarkdown(result));
      });
    });
}
