import type { Command } from 'commander';
import { LiveClock } from '../core/clock';
import { ValidationError } from '../core/errors';
import { MessageBus } from '../core/message-bus';
import { parseTimeframe } from '../model/timeframe';
import { RegimeRepository } from '../regime/regime-repository';
import { RegimeService } from '../regime/regime-service';
import { openDatabase } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { SettingsRepository } from '../store/repositories/settings-repository';
import { defaultDatabasePath } from './default-paths';
import { holdProfile } from './hold-profile';
import { formatCount, formatTable, formatUtc } from './format';

type FitOptions = { venue: string; symbol: string; timeframe: string; states: string; from?: string; to?: string; db: string };

export function registerRegimeCommands(program: Command): void {
  const regime = program.command('regime').description('fit and inspect market-regime models');
  regime
    .command('fit')
    .description('fit a hidden Markov regime model on a stored series and make it the series’ current model')
    .requiredOption('--venue <venue>', 'venue, e.g. binance')
    .requiredOption('--symbol <symbol>', 'instrument symbol, e.g. BTC/USDT')
    .requiredOption('--timeframe <tf>', 'bar length, e.g. 1h')
    .option('--states <n>', 'hidden states (2 … 8)', '4')
    .option('--from <date>', 'first bar to fit (ISO date or ms)')
    .option('--to <date>', 'last bar to fit (ISO date or ms)')
    .option('--db <path>', 'profile database', defaultDatabasePath())
    .action(async (options: FitOptions) => {
      const states = Number(options.states);
      if (!Number.isInteger(states) || states < 2 || states > 8) throw new ValidationError(`--states must be a whole number from 2 to 8, not "${options.states}"`);
      const key = { venue: options.venue, symbol: options.symbol, timeframe: parseTimeframe(options.timeframe) };
      await holdProfile(options.db, 'stratus regime fit', async () => {
        const db = openDatabase({ path: options.db });
        try {
          const service = new RegimeService({
            candles: new CandleRepository(db),
            repository: new RegimeRepository(db),
            settings: new SettingsRepository(db),
            bus: new MessageBus(),
            clock: new LiveClock(),
            log: (message, error) => console.error(message, error ?? ''),
          });
          const model = await service.fit({ ...key, states, from: parseTime(options.from, '--from'), to: parseTime(options.to, '--to') });
          console.log(
            `fitted regime model v${model.version} (${model.id}) on ${formatCount(model.bars)} bars of ${key.venue} ${key.symbol} ${key.timeframe}, ` +
              `${formatUtc(model.from)} to ${formatUtc(model.to)}, in ${(model.fitMs / 1000).toFixed(2)} s: ` +
              `${model.iterations} iterations${model.converged ? '' : ' (not converged)'}, log-likelihood ${model.logLikelihood.toFixed(1)}, BIC ${model.bic.toFixed(1)}`,
          );
          console.log(
            formatTable(
              ['state', 'regime', 'share', 'mean return', 'volatility', 'expected stay'],
              model.stats.map((s, i) => [
                String(i),
                s.label,
                `${(100 * s.share).toFixed(1)} %`,
                `${(1e4 * s.meanReturn).toFixed(2)} bp/bar`,
                `${(100 * s.volatility).toFixed(2)} %/bar`,
                `${s.expectedDuration.toFixed(1)} bars`,
              ]),
            ),
          );
        } finally {
          db.close();
        }
      });
    });
}

function parseTime(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms)) throw new ValidationError(`${option} "${value}" is not a date (use 2024-01-31, an ISO time, or ms since 1970)`);
  return ms;
}
