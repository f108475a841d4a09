import { z } from 'zod';
import { TIMEFRAMES } from '../../model/timeframe';
import type { RankingService } from '../../ranking/ranking-service';
import type { DirectionModel } from '../../strategy/strategies/ml-direction/direction-model';
import { trainAndStoreAsync, type MlDirectionEngineTrainerDeps } from '../../strategy/strategies/ml-direction/ml-direction-trainer';
import { defineHandler } from '../define-handler';
import { seriesKeySchema } from '../schemas';

export type RankingHandlerDeps = { readonly ranking: RankingService; readonly trainer: MlDirectionEngineTrainerDeps };

/** A model as listed: its card without the weight vectors and standardisation. */
export type ModelSummary = Omit<DirectionModel, 'standardiser' | 'model'> & {
  /** Features by |weight| (standardised units), strongest first. */
  readonly topWeights: readonly { readonly name: string; readonly weight: number }[];
};

function summary(model: DirectionModel): ModelSummary {
  const { standardiser: _s, model: weights, ...card } = model;
  const topWeights = model.featureNames
    .map((name, i) => ({ name, weight: weights.weights[i]! }))
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, 8);
  return { ...card, topWeights };
}

const venue = seriesKeySchema.shape.venue;

export function createRankingHandlers(deps: RankingHandlerDeps) {
  return {
    'ranking.top': defineHandler(
      z
        .object({
          timeframe: z.enum(TIMEFRAMES).default('1h'),
          venue: venue.optional(),
          top: z.number().int().min(1).max(200).default(10),
          bars: z.number().int().min(100).max(20_000).optional(),
        })
        .strict(),
      (params) => deps.ranking.top(params),
    ),

    'ml.models': defineHandler(seriesKeySchema.partial().strict(), (params) => {
      const all = deps.trainer.models.list();
      return all
        .filter((m) => (params.venue === undefined || m.series.venue === params.venue) && (params.symbol === undefined || m.series.symbol === params.symbol) && (params.timeframe === undefined || m.series.timeframe === params.timeframe))
        .map(summary);
    }),

    'ml.train': defineHandler(
      seriesKeySchema
        .extend({
          horizon: z.number().int().min(1).max(500).default(12),
          deadZone: z.number().min(0).max(0.5).optional(),
          l2: z.number().min(0).max(100).optional(),
          folds: z.number().int().min(1).max(20).optional(),
          from: z.number().int().nonnegative().optional(),
          to: z.number().int().nonnegative().optional(),
        })
        .strict(),
      async ({ venue: v, symbol, timeframe, ...rest }) => summary(await trainAndStoreAsync(deps.trainer, { series: { venue: v, symbol, timeframe }, ...rest })),
    ),
  };
}

export type RankingHandlers = ReturnType<typeof createRankingHandlers>;
