import { ValidationError } from '../core/errors';
import type { Candle, CandleColumns } from '../model/candle';
import { catalogEntry, INDICATOR_CATALOG, type CatalogEntry, type IndicatorParams } from './catalog';

/** Indicator columns aligned with the candles they were computed on; null where there is no value yet (warm-up) or none exists (NaN). */
export type IndicatorColumns = Record<string, (number | null)[]>;

/** Finds a catalog entry, or says which ones exist. */
export function requireCatalogEntry(id: string): CatalogEntry {
  const entry = catalogEntry(id);
  if (!entry) {
    throw new ValidationError(`unknown indicator "${id}"; valid indicators: ${INDICATOR_CATALOG.map((e) => e.id).join(', ')}`);
  }
  return entry;
}

/**
 * Fills in defaults and checks every parameter against its range, with messages that name the
 * indicator, the parameter and the range; unknown names are refused with the valid ones listed.
 */
export function resolveParams(entry: CatalogEntry, given: Readonly<Record<string, number>>): IndicatorParams {
  const known = new Set(entry.params.map((p) => p.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      const valid = entry.params.length === 0 ? 'it takes no parameters' : `valid parameters: ${entry.params.map((p) => p.name).join(', ')}`;
      throw new ValidationError(`${entry.id}: unknown parameter "${name}"; ${valid}`);
    }
  }
  const resolved: Record<string, number> = {};
  for (const spec of entry.params) {
    const value = given[spec.name] ?? spec.default;
    const kind = spec.integer ? 'an integer' : 'a number';
    if (!Number.isFinite(value) || (spec.integer && !Number.isInteger(value)) || value < spec.min || value > spec.max) {
      throw new ValidationError(`${entry.id}: ${spec.name} must be ${kind} from ${spec.min} to ${spec.max}, got ${String(value)}`);
    }
    resolved[spec.name] = value;
  }
  if (entry.id === 'macd' && (resolved.fast as number) >= (resolved.slow as number)) {
    throw new ValidationError(`macd: fast (${resolved.fast}) must be shorter than slow (${resolved.slow})`);
  }
  return resolved;
}

/** How many bars before the first requested one to feed, so values at the start are settled, not warming up. */
export function historyNeeded(entry: CatalogEntry, params: IndicatorParams, timeframeMs: number): number {
  const warmUp = entry.create(params, { timeframeMs }).warmUp;
  const sessionBars = params.sessionHours === undefined ? 0 : Math.ceil((params.sessionHours * 3_600_000) / timeframeMs);
  // Exponential and Wilder smoothing forget their seed geometrically: 20 warm-ups (at least 1,000 bars)
  // leave less than 1e-12 of it for a 14-period Wilder average.
  return Math.min(100_000, Math.max(20 * warmUp, 1_000, sessionBars));
}

/** Runs one catalog indicator over candle columns; every output becomes a column of the same length. */
export function computeColumns(entry: CatalogEntry, params: IndicatorParams, candles: CandleColumns, timeframeMs: number): IndicatorColumns {
  const indicator = entry.create(params, { timeframeMs });
  const n = candles.openTime.length;
  const keys = entry.outputs.map((o) => o.key);
  const columns: IndicatorColumns = {};
  for (const key of keys) columns[key] = new Array<number | null>(n).fill(null);
  for (let i = 0; i < n; i++) {
    const bar: Candle = {
      openTime: candles.openTime[i] as number,
      open: candles.open[i] as number,
      high: candles.high[i] as number,
      low: candles.low[i] as number,
      close: candles.close[i] as number,
      volume: candles.volume[i] as number,
    };
    const out = indicator.update(bar);
    if (out === undefined) continue;
    if (typeof out === 'number') {
      (columns[keys[0] as string] as (number | null)[])[i] = Number.isFinite(out) ? out : null;
      continue;
    }
    for (const key of keys) {
      const v = out[key];
      (columns[key] as (number | null)[])[i] = v !== undefined && Number.isFinite(v) ? v : null;
    }
  }
  return columns;
}
