import type { StrategyDefinition } from '../strategy-api';

/** The strategies that ship with the engine, by name. A new built-in adds its definition here. */
export const BUILTIN_STRATEGIES: readonly StrategyDefinition[] = [];
