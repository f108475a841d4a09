import { z } from 'zod';
import { modulationOverridesSchema } from '../../regime/regime-modulation';
import { summarise } from '../../regime/regime-model';
import type { RegimeService } from '../../regime/regime-service';
import { defineHandler } from '../define-handler';
import { seriesKeySchema } from '../schemas';

export type RegimeDeps = { readonly regime: RegimeService };

const time = z.number().int().nonnegative();

export function createRegimeHandlers({ regime }: RegimeDeps) {
  return {
    /** Fits a new model on the series' stored candles (or the [from, to] part of them) and makes it current. */
    'regime.fit': defineHandler(
      seriesKeySchema
        .extend({
          states: z.number().int().min(2).max(8).default(4),
          from: time.optional(),
          to: time.optional(),
          seed: z.number().int().nonnegative().max(2 ** 31 - 1).optional(),
        })
        .strict(),
      (params) => regime.fit(params),
    ),

    /** The series' current model, or null, and the progress of a fit that is running. */
    'regime.model': defineHandler(seriesKeySchema.strict(), (key) => {
      const model = regime.model(key);
      return { model: model ? summarise(model) : null, fitting: regime.fitProgress(key) ?? null };
    }),

    /** Where the series stands now, and which features drive it. */
    'regime.current': defineHandler(seriesKeySchema.strict(), (key) => regime.current(key)),

    /** Filtered probabilities over time, for the regime band. */
    'regime.history': defineHandler(
      z
        .object({
          series: seriesKeySchema.strict(),
          from: time.optional(),
          to: time.optional(),
          limit: z.number().int().positive().max(100_000).default(5_000),
        })
        .strict()
        .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, { message: 'from must not be after to' }),
      ({ series, from, to, limit }) => regime.history(series, { from, to, limit }),
    ),

    /** Modulation per strategy and regime: the defaults and the trader's overrides merged. */
    'regime.modulation': defineHandler(z.object({}).strict(), () => regime.modulation()),

    /** Replaces the trader's overrides (an empty object restores the defaults). */
    'regime.setModulation': defineHandler(z.object({ overrides: modulationOverridesSchema }).strict(), ({ overrides }) =>
      regime.setModulation(overrides),
    ),
  };
}

export type RegimeHandlers = ReturnType<typeof createRegimeHandlers>;
