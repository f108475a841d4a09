import { Command, CommanderError } from 'commander';
import { EngineError } from '../core/errors';
import { ENGINE_VERSION } from '../kernel/version';
import { registerBacktestCommands } from './backtest-commands';
import { registerDataCommands } from './data-commands';
import { registerKeysCommands } from './keys-commands';
import { registerPairCommand } from './pair-command';
import { registerPaperCommands } from './paper-commands';
import { registerRankingCommands } from './ranking-commands';
import { registerRegimeCommands } from './regime-commands';
import { registerServeCommand } from './serve-command';

/** The `stratus` command. Expected failures print one clear line; anything else prints its stack. */
export async function runCli(argv: string[]): Promise<number> {
  const program = new Command()
    .name('stratus')
    .description('Stratus trading workstation engine')
    .version(ENGINE_VERSION)
    .exitOverride()
    .showHelpAfterError();
  registerServeCommand(program);
  registerDataCommands(program);
  registerRankingCommands(program);
  registerRegimeCommands(program);
  registerKeysCommands(program);
  registerBacktestCommands(program);
  registerPairCommand(program);
  registerPaperCommands(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof EngineError) {
      console.error(`stratus: ${error.message}`);
      return 1;
    }
    console.error('stratus: unexpected error', error);
    return 2;
  }
}
