import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ValidationError } from '../core/errors';
import { parseTimeframe } from '../model/timeframe';
import { rankingJson, rankingMarkdown } from '../ranking/report-format';
import { baseAsset, RankingService } from '../ranking/ranking-service';
import type { DirectionModel } from '../strategy/strategies/ml-direction/direction-model';
import { trainAndStore } from '../strategy/strategies/ml-direction/ml-direction-trainer';
import { MlModelStore } from '../strategy/strategies/ml-direction/ml-model-store';
import { openDatabase } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { SentimentRepository } from '../store/repositories/sentiment-repository';
import { defaultDatabasePath } from './default-paths';
import { holdProfile } from './hold-profile';
import { formatTable, formatUtc } from './format';
import { parseTime } from './market-commands';

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new ValidationError(`${flag} must be a whole number ≥ 1, got "${text}"`);
  return value;
}

export function registerRankingCommands(program: Command): void {
  program
    .command('report')
    .description('rank the stored series of a timeframe by trend, sentiment, volatility, liquidity and anomalies')
    .option('--venue <venue>', 'only series of this venue')
    .option('--timeframe <tf>', 'bar length of the series to rank', '1h')
    .option('--top <n>', 'how many series to list', '10')
    .option('--bars <n>', 'newest bars read per series', '2000')
    .option('--format <format>', 'md or json', 'md')
    .option('--out <file>', 'write the report to this file instead of stdout')
    .option('--db <path>', 'profile database', defaultDatabasePath())
    .action((options: { venue?: string; timeframe: string; top: string; bars: string; format: string; out?: string; db: string }) => {
      if (options.format !== 'md' && options.format !== 'json') throw new ValidationError(`--format must be md or json, got "${options.format}"`);
      const timeframe = parseTimeframe(options.timeframe);
      const top = positiveInteger(options.top, '--top');
      const bars = positiveInteger(options.bars, '--bars');
      const db = openDatabase({ path: options.db });
      try {
        // Stored sentiment counts as it does in the engine: the 1h aggregate known now.
        const sentiment = new SentimentRepository(db);
        const report = new RankingService({
          candles: new CandleRepository(db),
          sentimentAsOf: (asset, at) => sentiment.asOf(asset, '1h', at),
          now: () => Date.now(),
        }).top({ timeframe, venue: options.venue, top, bars });
        const text = options.format === 'json' ? rankingJson(report) : rankingMarkdown(report);
        if (options.out) {
          writeFileSync(options.out, text);
          console.log(`wrote ${report.items.length} ranked series to ${options.out}`);
        } else {
          process.stdout.write(text);
        }
      } finally {
        db.close();
      }
    });

  const train = program.command('train').description('train learned strategies on stored history');
  train
    .command('ml-direction')
    .description('train the ml-direction classifier walk-forward on a stored series and store it as a new version')
    .requiredOption('--venue <venue>', 'venue of the stored series')
    .requiredOption('--symbol <symbol>', 'symbol of the stored series')
    .requiredOption('--timeframe <tf>', 'bar length of the stored series')
    .option('--horizon <n>', 'bars ahead whose direction is predicted', '12')
    .option('--dead-zone <r>', '|log return| at or below this gets no label', '0')
    .option('--folds <n>', 'walk-forward validation folds', '5')
    .option('--from <time>', 'first bar to train on (date or ms)')
    .option('--to <time>', 'last bar to train on (date or ms)')
    .option('--json', 'print the model card as JSON')
    .option('--db <path>', 'profile database', defaultDatabasePath())
    .action(
      async (options: { venue: string; symbol: string; timeframe: string; horizon: string; deadZone: string; folds: string; from?: string; to?: string; json?: boolean; db: string }) => {
        const deadZone = Number(options.deadZone);
        if (!(deadZone >= 0 && deadZone < 0.5)) throw new ValidationError(`--dead-zone must be in [0, 0.5), got "${options.deadZone}"`);
        const request = {
          series: { venue: options.venue, symbol: options.symbol, timeframe: parseTimeframe(options.timeframe) },
          horizon: positiveInteger(options.horizon, '--horizon'),
          deadZone,
          folds: positiveInteger(options.folds, '--folds'),
          from: options.from === undefined ? undefined : parseTime(options.from, '--from'),
          to: options.to === undefined ? undefined : parseTime(options.to, '--to'),
        };
        await holdProfile(options.db, 'stratus train ml-direction', async () => {
          const db = openDatabase({ path: options.db });
          try {
            const began = performance.now();
            const sentiment = new SentimentRepository(db);
            const deps = {
              candles: new CandleRepository(db),
              models: new MlModelStore(db),
              sentimentAsOf: (asset: string, at: number) => sentiment.asOf(asset, '1h', at),
              baseAsset,
              now: () => Date.now(),
            };
            const model = trainAndStore(deps, request);
            const seconds = (performance.now() - began) / 1000;
            if (options.json) console.log(JSON.stringify({ ...model, seconds }, null, 2));
            else console.log(modelCard(model, seconds));
          } finally {
            db.close();
          }
        });
      },
    );
}

const f3 = (v: number): string => v.toFixed(3);
const p1 = (v: number): string => `${(v * 100).toFixed(1)}%`;

function modelCard(m: DirectionModel, seconds: number): string {
  const rows = m.validation.folds.map((f, i) => [
    String(i + 1),
    `${formatUtc(f.trainFrom)} → ${formatUtc(f.trainTo)}`,
    `${formatUtc(f.validFrom)} → ${formatUtc(f.validTo)}`,
    String(f.metrics.count),
    p1(f.metrics.accuracy),
    p1(f.metrics.baselineAccuracy),
    f3(f.metrics.auc),
    `${f3(f.metrics.logLoss)} / ${f3(f.metrics.baselineLogLoss)}`,
    f3(f.metrics.brier),
  ]);
  const o = m.validation.overall;
  rows.push(['all', '', '', String(o.count), p1(o.accuracy), p1(o.baselineAccuracy), f3(o.auc), `${f3(o.logLoss)} / ${f3(o.baselineLogLoss)}`, f3(o.brier)]);
  return [
    `ml-direction v${m.version} for ${m.series.venue} ${m.series.symbol} ${m.series.timeframe}: horizon ${m.horizon} bars, dead zone ${m.deadZone}, ${m.featureNames.length} features`,
    `walk-forward: ${m.scheme.folds} folds, ${m.scheme.window} window, purge ${m.scheme.purge} bars; trained in ${seconds.toFixed(2)} s`,
    formatTable(['fold', 'train', 'validation', 'rows', 'accuracy', 'majority', 'AUC', 'log-loss / base', 'Brier'], rows),
    `final model: ${m.trainRows} rows from ${formatUtc(m.trainFrom)} to ${formatUtc(m.trainTo)}`,
  ].join('\n');
}
