import type { StrategySignal } from '../model/signal';
import { STRATEGY_API_VERSION, type OnCandleOptions, type StrategyDefinition } from '../strategy/strategy-api';

/**
 * A small strategy for tests of the runtime: it calls `decide` on every bar, so a test says exactly
 * what it returns (or throws) at which bar, and records every options object it was handed.
 */
export function scriptedStrategy(
  name: string,
  decide: (options: OnCandleOptions, bar: number) => StrategySignal | readonly StrategySignal[] | undefined,
  extra: { warmUp?: number; seen?: OnCandleOptions[]; stops?: string[] } = {},
): StrategyDefinition {
  return {
    name,
    apiVersion: STRATEGY_API_VERSION,
    description: `scripted test strategy ${name}`,
    parameters: [{ name: 'tag', kind: 'integer', default: 0, min: 0, max: 1_000, description: 'distinguishes configurations' }],
    warmUp: () => extra.warmUp ?? 2,
    create: () => {
      let bar = 0;
      return {
        onCandle: (options) => {
          extra.seen?.push(options);
          return decide(options, bar++);
        },
        onStop: ({ reason }) => void extra.stops?.push(reason),
      };
    },
  };
}

/** Long when the close rose over the previous bar, flat when it fell: a signal on most bars, for pipeline tests. */
export const followCloseStrategy: StrategyDefinition = {
  name: 'follow-close',
  apiVersion: STRATEGY_API_VERSION,
  description: 'long after an up-close, flat after a down-close',
  parameters: [{ name: 'stopPct', kind: 'number', default: 1, min: 0.1, max: 10, description: 'stop distance in percent' }],
  warmUp: () => 1,
  create: ({ params }) => {
    let last: 'long' | 'flat' | undefined;
    return {
      onCandle: ({ candle, history }) => {
        const previous = history.at(1);
        if (!previous) return undefined;
        const want = candle.close > previous.close ? 'long' : 'flat';
        if (want === last) return undefined;
        last = want;
        if (want === 'flat') return { direction: 'flat', strength: 1, rationale: 'close fell' };
        return { direction: 'long', strength: 0.5, stop: candle.close * (1 - Number(params.stopPct) / 100), rationale: 'close rose' };
      },
    };
  },
};
