import type { SizingMode } from '../../engine-client/api-types';

type ModeName = SizingMode['mode'];

/** A field of a sizing mode as the trader types it: fractions as percent, the rest as plain numbers. */
type SizingField = { readonly key: string; readonly label: string; readonly unit: '%' | '×' | 'units'; readonly max?: number };

export const SIZING_MODES: readonly { readonly mode: ModeName; readonly label: string; readonly fields: readonly SizingField[] }[] = [
  { mode: 'risk-per-trade', label: 'Risk per trade (loss at the stop)', fields: [{ key: 'riskFraction', label: 'Risk', unit: '%', max: 100 }] },
  {
    mode: 'volatility-target',
    label: 'Volatility target (stop at ATR × multiple)',
    fields: [
      { key: 'riskFraction', label: 'Risk', unit: '%', max: 100 },
      { key: 'atrMultiple', label: 'ATR multiple', unit: '×', max: 100 },
    ],
  },
  { mode: 'equity-fraction', label: 'Fraction of equity', fields: [{ key: 'fraction', label: 'Notional', unit: '%', max: 100 }] },
  { mode: 'fixed-quantity', label: 'Fixed quantity', fields: [{ key: 'quantity', label: 'Quantity', unit: 'units' }] },
  {
    mode: 'kelly',
    label: 'Capped Kelly',
    fields: [
      { key: 'kellyFraction', label: 'Kelly share', unit: '%', max: 100 },
      { key: 'maxFraction', label: 'Cap', unit: '%', max: 100 },
    ],
  },
  { mode: 'all-equity', label: 'All available equity', fields: [] },
];

export type SizingDraft = { readonly mode: ModeName; readonly values: Readonly<Record<string, string>> };

export type SizingParse = { readonly ok: true; readonly sizing: SizingMode } | { readonly ok: false; readonly problems: Readonly<Record<string, string>> };

function fieldsOf(mode: ModeName): readonly SizingField[] {
  return SIZING_MODES.find((m) => m.mode === mode)?.fields ?? [];
}

/** The form's text for a sizing: percent fields shown as percent without float noise. */
export function sizingDraft(sizing: SizingMode): SizingDraft {
  const record = sizing as Readonly<Record<string, unknown>>;
  const values: Record<string, string> = {};
  for (const field of fieldsOf(sizing.mode)) {
    const value = record[field.key];
    if (typeof value === 'number') values[field.key] = String(field.unit === '%' ? Number((value * 100).toPrecision(12)) : value);
  }
  return { mode: sizing.mode, values };
}

/** Checks every field at once (each bad one says why) and builds the SizingMode the engine accepts. */
export function parseSizing(draft: SizingDraft): SizingParse {
  const problems: Record<string, string> = {};
  const out: Record<string, number | string> = { mode: draft.mode };
  for (const field of fieldsOf(draft.mode)) {
    const text = (draft.values[field.key] ?? '').trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) problems[field.key] = `${field.label} must be a number`;
    else if (value <= 0) problems[field.key] = `${field.label} must be above 0`;
    else if (field.max !== undefined && value > field.max) problems[field.key] = `${field.label} must be at most ${field.max}${field.unit === '%' ? ' %' : ''}`;
    else out[field.key] = field.unit === '%' ? Number((value / 100).toPrecision(12)) : value;
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, sizing: out as SizingMode };
}

/** One line a trader reads: "risk 1 % per trade", "ATR × 2 stop, risk 0.5 %". */
export function describeSizing(sizing: SizingMode): string {
  const pct = (x: number): string => `${Number((x * 100).toPrecision(6))} %`;
  switch (sizing.mode) {
    case 'risk-per-trade':
      return `risk ${pct(sizing.riskFraction)} of equity per trade`;
    case 'volatility-target':
      return `risk ${pct(sizing.riskFraction)} with the stop at ATR × ${sizing.atrMultiple}`;
    case 'equity-fraction':
      return `${pct(sizing.fraction)} of equity per position`;
    case 'fixed-quantity':
      return `${sizing.quantity} units per order`;
    case 'kelly':
      return `${pct(sizing.kellyFraction)} of Kelly, capped at ${pct(sizing.maxFraction)} of equity`;
    case 'all-equity':
      return 'all available equity';
  }
}
