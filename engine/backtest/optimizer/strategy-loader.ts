import { pathToFileURL } from 'node:url';
import { ValidationError } from '../../core/errors';
import { BUILTIN_STRATEGIES } from '../../strategy/strategies/builtin-strategies';
import { checkDefinition } from '../../strategy/strategy-definition';
import type { StrategyDefinition } from '../../strategy/strategy-api';

/** Whether a worker thread can load this strategy on its own: a built-in, or a user file. */
export function loadableInWorker(strategy: { readonly name: string; readonly file?: string }): boolean {
  return strategy.file !== undefined || BUILTIN_STRATEGIES.some((s) => s.name === strategy.name);
}

/** A worker's copy of the strategy: the built-in of that name, or the user file imported again. */
export async function loadStrategy(strategy: { readonly name: string; readonly file?: string }): Promise<StrategyDefinition> {
  const builtin = BUILTIN_STRATEGIES.find((s) => s.name === strategy.name);
  if (builtin && strategy.file === undefined) return builtin;
  if (strategy.file === undefined) throw new ValidationError(`strategy ${strategy.name} cannot be loaded in a worker thread`);
  const module = (await import(pathToFileURL(strategy.file).href)) as { strategy?: unknown };
  return checkDefinition(module.strategy, strategy.file);
}
