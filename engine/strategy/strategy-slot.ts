import type { SeriesKey } from '../model/candle';
import { RunningStrategy } from './running-strategy';
import { warmUpOf } from './strategy-definition';
import { canonicalParams, resolveParams } from './strategy-params';
import type { StrategyDefinition, StrategyParams } from './strategy-api';
import type { PipelineSlot } from './series-pipeline';

/** Enough bars to warm a strategy up and let slow averages settle: several times its own warm-up. */
export function warmUpWindow(warmUp: number): number {
  return Math.max(3 * warmUp, warmUp + 200);
}

export type PreparedSlot = PipelineSlot & { readonly params: StrategyParams; readonly warmUp: number };

/** A strategy configured for a series: parameters resolved, warm-up known, the wrapper created and started. */
export function prepareSlot(definition: StrategyDefinition, series: SeriesKey, given: Readonly<Record<string, unknown>> = {}): PreparedSlot {
  const params = resolveParams(definition, given);
  const warmUp = warmUpOf(definition, params);
  return { strategy: new RunningStrategy(definition, params, series), key: slotKey(definition.name, params), params, warmUp };
}

export function slotKey(strategy: string, params: StrategyParams): string {
  return `${strategy}${canonicalParams(params)}`;
}
