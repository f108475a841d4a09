import type { StrategyDefinition } from '../strategy-api';
import { rsiReversion } from './rsi-reversion/rsi-reversion';
import { smaCross } from './sma-cross/sma-cross';
import { trendFollow } from './trend-follow/trend-follow';

/** The strategies that ship with the engine, by name. A new built-in adds its definition here. */
export const BUILTIN_STRATEGIES: readonly StrategyDefinition[] = [smaCross, rsiReversion, trendFollow];
