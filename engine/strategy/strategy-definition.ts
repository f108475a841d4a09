import { errorMessage, StrategyError } from '../core/errors';
import { specProblems } from './strategy-params';
import { STRATEGY_API_VERSION, type StrategyDefinition } from './strategy-api';

/** Strategy names are what the trader types and what topics carry: lower-case words joined by dashes. */
export const STRATEGY_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * Checks that a value is a usable Strategy API v1 definition: built-ins are checked the same way as
 * user files, so a mistake in either is reported the same way.
 */
export function checkDefinition(value: unknown, origin: string): StrategyDefinition {
  if (typeof value !== 'object' || value === null) throw new StrategyError(`${origin}: the exported strategy must be an object`);
  const d = value as Partial<Record<keyof StrategyDefinition, unknown>>;
  const label = typeof d.name === 'string' ? `${origin} (strategy "${d.name}")` : origin;
  if (d.apiVersion !== STRATEGY_API_VERSION) {
    throw new StrategyError(`${label}: written for Strategy API version ${String(d.apiVersion)}, this engine runs version ${STRATEGY_API_VERSION}`);
  }
  const problems: string[] = [];
  if (typeof d.name !== 'string' || !STRATEGY_NAME.test(d.name)) problems.push(`name ${JSON.stringify(d.name)} must be lower-case words joined by dashes`);
  if (typeof d.description !== 'string') problems.push('description must be a string');
  if (typeof d.warmUp !== 'function') problems.push('warmUp(params) must be a function');
  if (typeof d.create !== 'function') problems.push('create(options) must be a function');
  if (!Array.isArray(d.parameters)) problems.push('parameters must be an array');
  else problems.push(...specProblems(d.parameters));
  if (problems.length > 0) throw new StrategyError(`${label}: ${problems.join('; ')}`);
  return value as StrategyDefinition;
}

/** The strategy's own warm-up for these parameters, checked: a bad answer is the strategy's error, not the engine's. */
export function warmUpOf(definition: StrategyDefinition, params: Parameters<StrategyDefinition['warmUp']>[0]): number {
  let bars: unknown;
  try {
    bars = definition.warmUp(params);
  } catch (error) {
    throw new StrategyError(`strategy "${definition.name}" failed in warmUp: ${errorMessage(error)}`, { cause: error });
  }
  if (typeof bars !== 'number' || !Number.isInteger(bars) || bars < 0 || bars > 1_000_000) {
    throw new StrategyError(`strategy "${definition.name}": warmUp must return a whole number of bars (0 to 1,000,000), got ${String(bars)}`);
  }
  return bars;
}
