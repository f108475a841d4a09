import { z } from 'zod';
import type { CandleService } from '../../data/candle-service';
import { describeCatalog } from '../../indicators/catalog';
import { computeColumns, historyNeeded, requireCatalogEntry, resolveParams, type IndicatorColumns } from '../../indicators/compute-indicator';
import type { CandleColumns } from '../../model/candle';
import { timeframeMs } from '../../model/timeframe';
import { defineHandler } from '../define-handler';
import { seriesKeySchema } from '../schemas';
import { MAX_CANDLES_PER_CALL } from './data';
import { createPatternHandlers } from './indicator-patterns';

export type IndicatorsDeps = { readonly candles: CandleService };

/** One indicator over a stored series, aligned with its candles. */
export type IndicatorResult = {
  readonly indicator: string;
  /** The parameters used, defaults filled in. */
  readonly params: Readonly<Record<string, number>>;
  /** Open times of the candles in the range: the same rows `data.candles` returns for the same range. */
  readonly openTime: number[];
  /** One column per output of the indicator; null where it has no value (warm-up, or too little history). */
  readonly values: IndicatorColumns;
};

export function createIndicatorsHandlers(deps: IndicatorsDeps) {
  return {
    ...createPatternHandlers(deps),
    /** The indicators a chart can show: parameters with defaults and ranges, pane, outputs, reference levels. */
    'indicators.list': defineHandler(z.object({}).strict(), () => describeCatalog()),

    /**
     * Computes an indicator over the stored candles of a series in [from, to] (the latest `limit` of them,
     * like `data.candles`). Bars stored before `from` are fed first so the first rows are settled values;
     * rows stay null only where the series itself is too short.
     */
    'indicators.compute': defineHandler(
      seriesKeySchema
        .extend({
          indicator: z.string().min(1).max(64),
          params: z.record(z.string().max(64), z.number()).default({}),
          from: z.number().int().nonnegative().optional(),
          to: z.number().int().nonnegative().optional(),
          limit: z.number().int().positive().max(MAX_CANDLES_PER_CALL).default(MAX_CANDLES_PER_CALL),
        })
        .strict(),
      ({ venue, symbol, timeframe, indicator, params, from, to, limit }): IndicatorResult => {
        const entry = requireCatalogEntry(indicator);
        const resolved = resolveParams(entry, params);
        const key = { venue, symbol, timeframe };
        const barMs = timeframeMs(timeframe);
        const rows = deps.candles.candles(key, { from, to, limit });
        const first = rows.openTime[0];
        if (first === undefined) return { indicator: entry.id, params: resolved, openTime: [], values: computeColumns(entry, resolved, rows, barMs) };
        const before = first > 0 ? deps.candles.candles(key, { to: first - 1, limit: historyNeeded(entry, resolved, barMs) }) : undefined;
        const skip = before?.openTime.length ?? 0;
        const input = before && skip > 0 ? concatColumns(before, rows) : rows;
        const all = computeColumns(entry, resolved, input, barMs);
        const values: IndicatorColumns = {};
        for (const [name, column] of Object.entries(all)) values[name] = skip > 0 ? column.slice(skip) : column;
        return { indicator: entry.id, params: resolved, openTime: rows.openTime, values };
      },
    ),
  };
}

function concatColumns(a: CandleColumns, b: CandleColumns): CandleColumns {
  return {
    openTime: a.openTime.concat(b.openTime),
    open: a.open.concat(b.open),
    high: a.high.concat(b.high),
    low: a.low.concat(b.low),
    close: a.close.concat(b.close),
    volume: a.volume.concat(b.volume),
  };
}

export type IndicatorsHandlers = ReturnType<typeof createIndicatorsHandlers>;
