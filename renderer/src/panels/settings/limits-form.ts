import type { RiskLimitsView } from '../../engine-client/api-types';

type LimitKey = keyof RiskLimitsView;

/** How each limit is typed: money in the settlement currency, a percentage of equity, or a count. */
export type LimitField = { readonly key: LimitKey; readonly label: string; readonly unit: 'money' | 'percent' | 'count' | 'times' | 'minutes'; readonly max?: number };

export const LIMIT_FIELDS: readonly LimitField[] = [
  { key: 'maxOrderNotional', label: 'Max order notional', unit: 'money' },
  { key: 'maxPositionNotional', label: 'Max position notional', unit: 'money' },
  { key: 'maxGrossExposure', label: 'Max gross exposure', unit: 'money' },
  { key: 'maxNetExposure', label: 'Max net exposure', unit: 'money' },
  { key: 'maxConcentration', label: 'Max per symbol (% of equity)', unit: 'percent' },
  { key: 'maxLeverage', label: 'Max leverage', unit: 'times', max: 100 },
  { key: 'dailyLossLimit', label: 'Daily loss limit', unit: 'money' },
  { key: 'maxOrdersPerMinute', label: 'Orders per minute', unit: 'count', max: 10_000 },
  { key: 'stopOutCooldownCount', label: 'Stop-outs before cooldown', unit: 'count', max: 100 },
  { key: 'stopOutCooldownMinutes', label: 'Cooldown (minutes)', unit: 'minutes', max: 7 * 24 * 60 },
  { key: 'reduceOnlyDrawdown', label: 'Reduce-only at drawdown (%)', unit: 'percent' },
  { key: 'haltDrawdown', label: 'Halt at drawdown (%)', unit: 'percent' },
];

export type LimitsDraft = Readonly<Record<LimitKey, string>>;

/** The form's text from the engine's limits; fractions are shown as percentages. */
export function limitsDraft(limits: RiskLimitsView): LimitsDraft {
  const draft = {} as Record<LimitKey, string>;
  for (const field of LIMIT_FIELDS) {
    const value = limits[field.key];
    draft[field.key] = field.unit === 'percent' ? String(Number((value * 100).toPrecision(10))) : String(value);
  }
  return draft;
}

/**
 * Reads the form back: only the limits that changed, in the engine's units (percentages back to
 * fractions), or every field's problem. The drawdown that halts must be deeper than the one that
 * reduces, or the engine would halt before it ever reduced.
 */
export function parseLimits(current: RiskLimitsView, draft: LimitsDraft): { ok: true; changes: Partial<RiskLimitsView> } | { ok: false; problems: Partial<Record<LimitKey, string>> } {
  const problems: Partial<Record<LimitKey, string>> = {};
  const values = {} as Record<LimitKey, number>;
  for (const field of LIMIT_FIELDS) {
    const text = draft[field.key].trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) {
      problems[field.key] = `${field.label} must be a number`;
      continue;
    }
    const integer = field.unit === 'count' || field.unit === 'minutes';
    if (integer && !Number.isInteger(n)) problems[field.key] = `${field.label} must be a whole number`;
    else if (field.unit === 'times' && n < 1) problems[field.key] = `${field.label} must be at least 1`;
    else if (field.unit === 'minutes' ? n < 0 : n <= 0) problems[field.key] = `${field.label} must be ${field.unit === 'minutes' ? 'zero or more' : 'greater than zero'}`;
    else if (field.unit === 'percent' && n > 100) problems[field.key] = `${field.label} must be at most 100`;
    else if (field.max !== undefined && n > field.max) problems[field.key] = `${field.label} must be at most ${field.max}`;
    else values[field.key] = field.unit === 'percent' ? n / 100 : n;
  }
  if (values.reduceOnlyDrawdown !== undefined && values.haltDrawdown !== undefined && values.haltDrawdown <= values.reduceOnlyDrawdown) {
    problems.haltDrawdown = 'Halt must come at a deeper drawdown than reduce-only';
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  const changes: Partial<Record<LimitKey, number>> = {};
  for (const field of LIMIT_FIELDS) {
    const value = values[field.key];
    if (Math.abs(value - current[field.key]) > 1e-12) changes[field.key] = value;
  }
  return { ok: true, changes };
}
