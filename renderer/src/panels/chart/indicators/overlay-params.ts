import type { IndicatorDescription } from '../../../engine-client/api-types';

export type OverlayParams = Readonly<Record<string, number>>;

/** Every parameter at its default. */
export function defaultParams(description: IndicatorDescription): OverlayParams {
  return Object.fromEntries(description.params.map((p) => [p.name, p.default]));
}

/**
 * Reads the editor's text fields into parameters, or says what is wrong in the engine's words
 * (name, kind and range), so a bad value never reaches the engine.
 */
export function parseParams(description: IndicatorDescription, fields: Readonly<Record<string, string>>): { params: OverlayParams } | { error: string } {
  const params: Record<string, number> = {};
  for (const spec of description.params) {
    const text = (fields[spec.name] ?? '').trim();
    const value = text === '' ? Number.NaN : Number(text);
    const kind = spec.integer ? 'a whole number' : 'a number';
    if (!Number.isFinite(value) || (spec.integer && !Number.isInteger(value)) || value < spec.min || value > spec.max) {
      return { error: `${spec.label} must be ${kind} from ${spec.min} to ${spec.max}` };
    }
    params[spec.name] = value;
  }
  if (description.id === 'macd' && (params.fast as number) >= (params.slow as number)) return { error: 'Fast must be shorter than Slow' };
  return { params };
}

/** Keeps only known parameters that are in range; fills the rest with defaults (for choices stored by an older version). */
export function sanitizeParams(description: IndicatorDescription, stored: Readonly<Record<string, unknown>>): OverlayParams {
  const params: Record<string, number> = {};
  for (const spec of description.params) {
    const value = stored[spec.name];
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= spec.min && value <= spec.max && (!spec.integer || Number.isInteger(value));
    params[spec.name] = ok ? value : spec.default;
  }
  return params;
}

/** "EMA 21", "Bollinger 20 2", "OBV": the compact label of a chip and a legend. */
export function overlayLabel(description: IndicatorDescription, params: OverlayParams): string {
  const values = description.params.map((p) => String(params[p.name] ?? p.default));
  return values.length === 0 ? description.label : `${description.label} ${values.join(' ')}`;
}
