import { z } from 'zod';
import type { SeriesKey } from '../../../model/candle';
import type { ClassificationMetrics } from './classification-metrics';
import type { LogisticModel } from './logistic-regression';
import type { Standardiser } from './standardiser';
import type { FoldReport } from './walk-forward-training';
import type { WalkForwardScheme } from './walk-forward';

export const ML_DIRECTION_KIND = 'ml-direction';

/** A trained direction model as stored: enough to predict live and to show the trader how good it was. */
export type DirectionModel = {
  readonly id: number;
  readonly kind: typeof ML_DIRECTION_KIND;
  readonly series: SeriesKey;
  /** 1, 2, … per series: a retrain never overwrites an older version. */
  readonly version: number;
  readonly createdAt: number;
  readonly horizon: number;
  readonly deadZone: number;
  readonly l2: number;
  readonly featureNames: readonly string[];
  readonly standardiser: Standardiser;
  readonly model: LogisticModel;
  /** Open times of the first and last bar the final model was fitted on. */
  readonly trainFrom: number;
  readonly trainTo: number;
  readonly trainRows: number;
  readonly scheme: WalkForwardScheme;
  readonly validation: { readonly folds: readonly FoldReport[]; readonly overall: ClassificationMetrics };
};

export type NewDirectionModel = Omit<DirectionModel, 'id' | 'version'>;

/** What the store keeps in its JSON columns; checked when read so a damaged row is a clear error. */
export const parametersSchema = z.object({
  horizon: z.number().int().positive(),
  deadZone: z.number().nonnegative(),
  l2: z.number().nonnegative(),
  trainRows: z.number().int().nonnegative(),
  standardiser: z.object({ means: z.array(z.number()), scales: z.array(z.number().positive()) }),
  model: z.object({ weights: z.array(z.number()), intercept: z.number() }),
  scheme: z.object({
    folds: z.number().int().positive(),
    initialTrainShare: z.number(),
    purge: z.number().int().nonnegative(),
    window: z.enum(['expanding', 'rolling']),
    rollingBars: z.number().int().positive().optional(),
  }),
});
