import { z } from 'zod';
import type { SignalStore } from '../../strategy/signal-store';
import type { StrategyRegistry, UserFolderReport } from '../../strategy/strategy-registry';
import type { StrategyRunner } from '../../strategy/strategy-runner';
import type { ParameterSpec } from '../../strategy/strategy-api';
import { defineHandler } from '../define-handler';
import { seriesKeySchema } from '../schemas';

export type StrategyDeps = {
  readonly registry: StrategyRegistry;
  readonly runner: StrategyRunner;
  readonly store: SignalStore;
  /** Reloads the user strategies folder; null when the engine has none. */
  readonly reload: () => Promise<UserFolderReport>;
};

/** A strategy as the picker shows it. */
export type StrategyInfo = {
  readonly name: string;
  readonly description: string;
  readonly origin: 'builtin' | 'user';
  readonly file?: string;
  readonly parameters: readonly ParameterSpec[];
};

const strategyName = z.string().min(1).max(64).regex(/^[a-z][a-z0-9-]*$/, 'strategy names are lower-case words joined by dashes');
const paramValue = z.union([z.number().finite(), z.boolean(), z.string().max(200)]);

export function createStrategyHandlers(deps: StrategyDeps) {
  return {
    'strategy.list': defineHandler(z.object({}).strict(), (): { strategies: StrategyInfo[]; userFolder: UserFolderReport } => ({
      strategies: deps.registry.list().map(({ definition, origin, file }) => ({
        name: definition.name,
        description: definition.description,
        origin,
        ...(file ? { file } : {}),
        parameters: definition.parameters,
      })),
      userFolder: deps.registry.userReport,
    })),

    'strategy.attach': defineHandler(
      z.object({ strategy: strategyName, series: seriesKeySchema.strict(), params: z.record(z.string().max(64), paramValue).default({}) }).strict(),
      ({ strategy, series, params }) => deps.runner.attach({ strategy, series, params }),
    ),

    'strategy.detach': defineHandler(z.object({ id: z.string().min(1).max(64) }).strict(), ({ id }) => {
      deps.runner.detach(id);
      return { detached: id };
    }),

    'strategy.running': defineHandler(z.object({ series: seriesKeySchema.strict().optional() }).strict(), ({ series }) =>
      deps.runner
        .running()
        .filter((a) => !series || (a.series.venue === series.venue && a.series.symbol === series.symbol && a.series.timeframe === series.timeframe)),
    ),

    'strategy.signals': defineHandler(
      z
        .object({
          series: seriesKeySchema.strict(),
          strategy: strategyName.optional(),
          from: z.number().int().nonnegative().optional(),
          to: z.number().int().nonnegative().optional(),
          limit: z.number().int().positive().max(10_000).default(500),
        })
        .strict()
        .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: '"from" must not be after "to"' }),
      (query) => deps.store.signals(query),
    ),

    'strategy.reload': defineHandler(z.object({}).strict(), () => deps.reload()),
  };
}

export type StrategyHandlers = ReturnType<typeof createStrategyHandlers>;
