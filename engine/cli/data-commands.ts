import { SingleBar, Presets } from 'cli-progress';
import type { Command } from 'commander';
import { ImportRejectedError, importCandleCsv } from '../data/import-candles';
import type { RowProblem } from '../data/csv-candles';
import { parseTimeframe } from '../model/timeframe';
import { openDatabase } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { defaultDatabasePath } from './default-paths';
import { holdProfile } from './hold-profile';
import { formatCount, formatTable, formatUtc } from './format';
import { registerMarketCommands } from './market-commands';

/** Most bad rows listed in full; the rest are summarised by kind. */
const LISTED_PROBLEMS = 20;

export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('download, import, list and inspect stored market data');
  registerMarketCommands(data);

  data
    .command('import')
    .description('import OHLCV candles from a CSV file (timestamp_ms,open,... or date-first ,Open,High,...)')
    .argument('<file>', 'CSV file')
    .requiredOption('--venue <venue>', 'venue the data comes from, e.g. binance')
    .requiredOption('--symbol <symbol>', 'instrument symbol, e.g. BTC/USDT')
    .requiredOption('--timeframe <tf>', 'bar length, e.g. 1m, 1h, 1d')
    .option('--skip-bad', 'import the good rows and skip the bad ones (otherwise nothing is imported)')
    .option('--db <path>', 'profile database', defaultDatabasePath())
    .action(async (file: string, options: { venue: string; symbol: string; timeframe: string; skipBad?: boolean; db: string }) => {
      const timeframe = parseTimeframe(options.timeframe);
      await holdProfile(options.db, 'stratus data import', async () => {
        const db = openDatabase({ path: options.db });
        const bar = new SingleBar(
          { format: 'importing |{bar}| {percentage}% {value}/{total} rows | ETA {eta_formatted}', hideCursor: true },
          Presets.shades_classic,
        );
        let started = false;
        try {
          const began = performance.now();
          const report = await importCandleCsv(db, new CandleRepository(db), file, { venue: options.venue, symbol: options.symbol, timeframe }, {
            skipBad: options.skipBad,
            onProgress: (written, total) => {
              // A small file imports before a bar is worth drawing.
              if (!started && total >= 100_000 && process.stderr.isTTY) {
                bar.start(total, 0);
                started = true;
              }
              if (started) bar.update(written);
            },
          });
          if (started) bar.stop();
          const seconds = (performance.now() - began) / 1000;
          if (report.problems.length > 0) printProblems(report.problems, 'skipped');
          console.log(
            `imported ${formatCount(report.imported)} candles (${report.layout}) into ${options.venue} ${options.symbol} ${timeframe}` +
              ` from ${formatUtc(report.firstOpenTime)} to ${formatUtc(report.lastOpenTime)} in ${seconds.toFixed(2)} s` +
              (report.skipped > 0 ? `; ${formatCount(report.skipped)} bad rows skipped` : ''),
          );
        } catch (error) {
          if (started) bar.stop();
          if (error instanceof ImportRejectedError) printProblems(error.problems, 'bad');
          throw error;
        } finally {
          db.close();
        }
      });
    });

  data
    .command('list')
    .description('show what is stored: venue, symbol, timeframe, count, first, last')
    .option('--db <path>', 'profile database', defaultDatabasePath())
    .option('--json', 'print JSON')
    .action((options: { db: string; json?: boolean }) => {
      const db = openDatabase({ path: options.db });
      try {
        const series = new CandleRepository(db).listSeries();
        if (options.json) {
          console.log(JSON.stringify(series, null, 2));
        } else if (series.length === 0) {
          console.log(`no candles stored in ${options.db}; import some with \`stratus data import\``);
        } else {
          console.log(
            formatTable(
              ['venue', 'symbol', 'timeframe', 'count', 'first', 'last'],
              series.map((s) => [s.venue, s.symbol, s.timeframe, formatCount(s.count), formatUtc(s.firstOpenTime), formatUtc(s.lastOpenTime)]),
            ),
          );
        }
      } finally {
        db.close();
      }
    });
}

function printProblems(problems: RowProblem[], label: string): void {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  console.error(`${formatCount(problems.length)} ${label} rows: ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  for (const p of problems.slice(0, LISTED_PROBLEMS)) console.error(`  line ${p.line}: ${p.kind}: ${p.message}`);
  if (problems.length > LISTED_PROBLEMS) console.error(`  … and ${formatCount(problems.length - LISTED_PROBLEMS)} more`);
}
