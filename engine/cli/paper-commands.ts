import type { Command } from 'commander';
import type { Writable } from 'node:stream';
import { LiveClock, type Clock } from '../core/clock';
import { ValidationError } from '../core/errors';
import { MessageBus } from '../core/message-bus';
import { paperBalanceInput } from '../api/handlers/trading';
import type { PaperResetView, TradingMode } from '../execution/execution-views';
import { createTrading } from '../kernel/create-trading';
import { openDatabase } from '../store/database';
import { InstrumentRepository } from '../store/repositories/instrument-repository';
import { SettingsRepository } from '../store/repositories/settings-repository';
import { defaultDatabasePath } from './default-paths';
import { holdProfile } from './hold-profile';

type ResetOptions = { balance?: string; db: string };

/** `stratus paper reset`: the paper account of a profile whose engine is not running, started afresh. */
export function registerPaperCommands(program: Command, io: { stdout: Writable; clock?: Clock } = { stdout: process.stdout }): void {
  const paper = program.command('paper').description('the paper (simulated) trading account');
  paper
    .command('reset')
    .description('start the paper account afresh: cash back to the starting balance, positions and resting orders gone, the old fills and equity curve archived')
    .option('--balance <amount>', 'starting cash in the settlement currency (USDT); the configured 10,000 unless given')
    .option('--db <path>', 'profile database (stop the engine that uses it first; a running one resets from Settings)', defaultDatabasePath())
    .action(async (options: ResetOptions) => {
      const balance = parseBalance(options.balance);
      await holdProfile(options.db, 'stratus paper reset', async () => {
        const db = openDatabase({ path: options.db });
        try {
          const settings = new SettingsRepository(db);
          // A running engine keeps the paper account in memory: resetting under it would be undone by its next step.
          if (settings.get<{ mode: TradingMode }>('execution.mode')?.mode === 'live') {
            throw new ValidationError('the engine using this profile was last trading live: start it, switch to paper and reset from Settings, or stop it on paper first');
          }
          const clock = io.clock ?? new LiveClock();
          const trading = createTrading({
            db,
            bus: new MessageBus(),
            clock,
            settings,
            instruments: new InstrumentRepository(db),
            log: (message, error) => console.error(message, error ?? ''),
            sentimentAsOf: () => null,
            flows: () => [],
            // Live trading is never switched on here.
            options: { live: { available: async () => 'not from the command line', connect: () => Promise.reject(new ValidationError('live trading is not available from the command line')) } },
            secrets: () => Promise.reject(new ValidationError('no secrets are read by stratus paper')),
          });
          await trading.service.start();
          try {
            const view = await trading.service.resetPaper(balance, { kind: 'trader', via: 'cli' });
            io.stdout.write(`${describeReset(view)}\n`);
          } finally {
            await trading.service.stop();
          }
        } finally {
          db.close();
        }
      });
    });
}

function parseBalance(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const amount = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isFinite(amount)) throw new ValidationError(`--balance "${value}" is not an amount (use 25000 or 25000.50)`);
  const parsed = paperBalanceInput.safeParse(amount);
  if (!parsed.success) throw new ValidationError(`--balance ${value}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data;
}

/** What the trader reads after a reset: the fresh balance, what the old account ended at, and what went. */
export function describeReset(view: PaperResetView): string {
  const archive = view.archive ? `; ${view.archive.fills} fill(s) and the equity curve archived as reset #${view.archive.resetId}` : '';
  return (
    `paper account reset to ${trim(view.initialCash)} ${view.currency} ` +
    `(was equity ${trim(view.previousEquity)}, realized PnL ${trim(view.previousRealizedPnl)}; ` +
    `${view.positionsClosed} position(s) dropped, ${view.ordersCancelled} order(s) cancelled, ${view.proposalsExpired} proposal(s) expired${archive})` +
    (view.riskState === 'ACTIVE' ? '' : `\nthe kill switch is still ${view.riskState}: resume trading when ready`)
  );
}

/** Money to cents for a sentence (the view keeps every digit). */
function trim(amount: string): string {
  return Number(amount).toFixed(2);
}
