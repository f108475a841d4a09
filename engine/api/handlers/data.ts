import { z } from 'zod';
import type { CandleService } from '../../data/candle-service';
import { defineHandler } from '../define-handler';
import { candleSchema, seriesKeySchema } from '../schemas';

/** Most candles one call returns; a chart asks for a window, not for years of 1-minute bars. */
export const MAX_CANDLES_PER_CALL = 200_000;

export type DataDeps = { readonly candles: CandleService };

export function createDataHandlers(deps: DataDeps) {
  return {
    'data.series': defineHandler(z.object({}).strict(), () => deps.candles.series()),

    'data.candles': defineHandler(
      seriesKeySchema
        .extend({
          from: z.number().int().nonnegative().optional(),
          to: z.number().int().nonnegative().optional(),
          limit: z.number().int().positive().max(MAX_CANDLES_PER_CALL).default(MAX_CANDLES_PER_CALL),
        })
        .strict(),
      ({ venue, symbol, timeframe, from, to, limit }) =>
        deps.candles.candles({ venue, symbol, timeframe }, { from, to, limit }),
    ),

    'data.appendCandles': defineHandler(
      seriesKeySchema.extend({ candles: z.array(candleSchema).min(1).max(10_000) }).strict(),
      ({ venue, symbol, timeframe, candles }) => deps.candles.append({ venue, symbol, timeframe }, candles),
    ),
  };
}

export type DataHandlers = ReturnType<typeof createDataHandlers>;
