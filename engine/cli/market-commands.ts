import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ValidationError } from '../core/errors';
import { createEngine, type Engine } from '../kernel/create-engine';
import { parseTimeframe } from '../model/timeframe';
import { defaultDatabasePath } from './default-paths';
import { formatCount, formatTable, formatUtc } from './format';
import { collect, venueEndpointsFrom } from './venue-options';

type CommonOptions = { db: string; venueEndpoint: string[] };
type SeriesOptions = CommonOptions & { venue: string; symbol: string; timeframe: string };

/** `stratus data download | gaps | instruments`: the engine's market data, in process. */
export function registerMarketCommands(data: Command): void {
  withSeries(data.command('download'))
    .description('download history from a venue: paginated, rate-limit aware, resumes after the last stored candle')
    .requiredOption('--since <time>', 'first open time: ISO date (2024-01-01, 2024-01-01T12:00Z) or ms')
    .option('--until <time>', 'last open time (default: the latest closed bar)')
    .action((options: SeriesOptions & { since: string; until?: string }) =>
      withEngine(options, 'stratus data download', async (engine) => {
        const key = seriesOf(options);
        const since = parseTime(options.since, '--since');
        const until = options.until === undefined ? undefined : parseTime(options.until, '--until');
        const bar = new SingleBar(
          { format: 'downloading |{bar}| {percentage}% | {stored} candles | {rate}/s | ETA {etaText}', hideCursor: true },
          Presets.shades_classic,
        );
        let started = false;
        const began = performance.now();
        try {
          const result = await engine.market.download(
            { ...key, since, until },
            {
              onProgress: (p) => {
                if (!started) bar.start(1000, 0, { stored: 0, rate: 0, etaText: '…' });
                started = true;
                bar.update(Math.round(p.fraction * 1000), { stored: formatCount(p.stored), rate: formatCount(Math.round(p.candlesPerSecond)), etaText: p.etaMs === null ? '…' : `${Math.ceil(p.etaMs / 1000)} s` });
              },
            },
          );
          if (started) bar.stop();
          const seconds = (performance.now() - began) / 1000;
          const resumed = result.resumedFrom === null ? '' : ` (resumed from ${formatUtc(result.resumedFrom)})`;
          console.log(
            `downloaded ${formatCount(result.stored)} ${key.timeframe} candles of ${key.venue} ${key.symbol} from ${formatUtc(result.from)} to ${formatUtc(result.to)}${resumed}` +
              ` in ${seconds.toFixed(1)} s, ${result.requests} requests, ${result.retries} retried`,
          );
        } catch (error) {
          if (started) bar.stop();
          throw error;
        }
      }),
    );

  withSeries(data.command('gaps'))
    .description('list missing bars in stored history, and download them with --fill')
    .option('--from <time>', 'start of the range to check')
    .option('--to <time>', 'end of the range to check')
    .option('--fill', 'download the missing bars')
    .action((options: SeriesOptions & { from?: string; to?: string; fill?: boolean }) =>
      withEngine(options, 'stratus data gaps', async (engine) => {
        const key = seriesOf(options);
        const range = { from: options.from === undefined ? undefined : parseTime(options.from, '--from'), to: options.to === undefined ? undefined : parseTime(options.to, '--to') };
        const gaps = engine.market.gaps(key, range);
        if (gaps.length === 0) return console.log(`no gaps in ${key.venue} ${key.symbol} ${key.timeframe}`);
        console.log(formatTable(['first missing', 'last missing', 'bars'], gaps.map((g) => [formatUtc(g.from), formatUtc(g.to), formatCount(g.missing)])));
        if (!options.fill) return console.log(`${gaps.length} gaps; run again with --fill to download them`);
        const filled = await engine.market.fillGaps(key, range);
        console.log(`filled ${filled.gaps - filled.remaining.length} of ${filled.gaps} gaps with ${formatCount(filled.stored)} candles` + (filled.remaining.length > 0 ? `; ${filled.remaining.length} remain (the venue has no data there)` : ''));
      }),
    );

  data
    .command('instruments')
    .description("search a venue's instruments (loads them from the venue on first use or with --refresh)")
    .argument('[query]', 'symbol or asset, e.g. BTC', '')
    .requiredOption('--venue <venue>', 'bybit, binance or okx')
    .option('--refresh', 'load the list from the venue again')
    .option('--limit <n>', 'most rows to show', '30')
    .option('--db <path>', 'profile database', defaultDatabasePath())
    .option('--venue-endpoint <venue=url>', 'reach a venue at another address (repeatable)', collect, [])
    .action((query: string, options: CommonOptions & { venue: string; refresh?: boolean; limit: string }) =>
      withEngine(options, 'stratus data instruments', async (engine) => {
        const found = engine.market.searchInstruments('', { venue: options.venue, limit: 1 });
        if (options.refresh || found.length === 0) {
          const loaded = await engine.market.refreshInstruments(options.venue);
          console.log(`loaded ${formatCount(loaded.count)} instruments from ${options.venue}`);
        }
        const rows = engine.market.searchInstruments(query, { venue: options.venue, limit: Number(options.limit) || 30 });
        console.log(
          formatTable(
            ['symbol', 'kind', 'contract', 'tick', 'lot step', 'min qty', 'min notional'],
            rows.map((i) => [i.symbol, i.kind, i.contract, String(i.tickSize), String(i.lotStep), String(i.minQuantity), String(i.minNotional)]),
          ),
        );
      }),
    );
}

function withSeries(command: Command): Command {
  return command
    .requiredOption('--venue <venue>', 'bybit, binance or okx')
    .requiredOption('--symbol <symbol>', 'unified symbol, e.g. BTC/USDT:USDT (perpetual) or BTC/USDT (spot)')
    .requiredOption('--timeframe <tf>', 'bar length, e.g. 1m, 1h, 1d')
    .option('--db <path>', 'profile database', defaultDatabasePath())
    .option('--venue-endpoint <venue=url>', 'reach a venue at another address, e.g. bybit=http://127.0.0.1:9000 (repeatable)', collect, []);
}

function seriesOf(options: SeriesOptions) {
  return { venue: options.venue, symbol: options.symbol, timeframe: parseTimeframe(options.timeframe) };
}

async function withEngine(options: CommonOptions, command: string, run: (engine: Engine) => Promise<void>): Promise<void> {
  const engine = createEngine({ databasePath: options.db, host: 'cli', holder: command, venueEndpoints: venueEndpointsFrom(options.venueEndpoint), resumeWatchlist: false, log: () => undefined });
  await engine.kernel.start();
  try {
    await run(engine);
  } finally {
    await engine.kernel.stop();
  }
}

/** An ISO date or time (UTC unless it says otherwise), or milliseconds since the epoch. */
export function parseTime(text: string, flag: string): number {
  const value = /^\d{9,}$/.test(text) ? Number(text) : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(value) || value < 0) throw new ValidationError(`${flag} "${text}" is not a date (use 2024-01-01, 2024-01-01T12:00Z or ms)`);
  return value;
}
