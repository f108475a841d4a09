import type { KeyValueStorage } from '../../stores/connection-storage';
import { DEFAULT_FORM, type BacktestFormValues } from './backtest-form';
import { DEFAULT_SEARCH_FORM, type RangeValues, type SearchFormValues } from './search-form';

export const LAB_STORAGE_KEY = 'stratus.backtest-lab';

/** What the lab remembers in this browser: the trader's last setup and search, never results. */
export type LabMemory = { readonly form: BacktestFormValues; readonly search: SearchFormValues };

/**
 * Reads the remembered setup, keeping only fields of the right kind (a value stored by an older
 * version, or edited by hand, falls back to its default instead of breaking the form).
 */
export function loadLabMemory(storage: KeyValueStorage | null): LabMemory {
  let parsed: unknown = null;
  try {
    const raw = storage?.getItem(LAB_STORAGE_KEY);
    parsed = raw ? JSON.parse(raw) : null;
  } catch {
    parsed = null;
  }
  const record = isRecord(parsed) ? parsed : {};
  return { form: merge(DEFAULT_FORM, record.form), search: { ...merge(DEFAULT_SEARCH_FORM, record.search), ranges: readRanges(isRecord(record.search) ? record.search.ranges : undefined) } };
}

export function saveLabMemory(storage: KeyValueStorage | null, memory: LabMemory): void {
  try {
    storage?.setItem(LAB_STORAGE_KEY, JSON.stringify(memory));
  } catch {
    // A full or denied storage only costs the remembered setup.
  }
}

/** Fields that are a choice of a select: a remembered value outside the choices is not kept. */
const CHOICES: Readonly<Record<string, readonly string[]>> = {
  slippage: ['none', 'fixed', 'volatility'],
  sizing: ['fixed-quantity', 'equity-fraction', 'all-equity', 'risk-per-trade', 'volatility-target', 'kelly'],
  fillTiming: ['next-open', 'close'],
  approval: ['approve-all', 'delay'],
  regime: ['none', 'fit-before', 'stored'],
  method: ['grid', 'genetic'],
  objective: ['fitness', 'sharpe', 'sortino', 'calmar', 'total-return', 'profit-factor'],
  wfMode: ['rolling', 'anchored'],
};

function merge<T extends object>(defaults: T, stored: unknown): T {
  if (!isRecord(stored)) return defaults;
  const out: Record<string, unknown> = {};
  for (const [key, fallback] of Object.entries(defaults)) {
    const value = stored[key];
    if (key === 'params' && isRecord(value)) out[key] = Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === 'string'));
    else if (typeof value === typeof fallback && typeof value !== 'object' && (CHOICES[key]?.includes(String(value)) ?? true)) out[key] = value;
    else out[key] = fallback;
  }
  // Every key comes from the defaults, with a value of the default's kind.
  return out as T;
}

function readRanges(value: unknown): Record<string, RangeValues> {
  if (!isRecord(value)) return {};
  const ranges: Record<string, RangeValues> = {};
  for (const [name, range] of Object.entries(value)) {
    if (isRecord(range) && typeof range.vary === 'boolean' && typeof range.min === 'string' && typeof range.max === 'string' && typeof range.step === 'string') {
      ranges[name] = { vary: range.vary, min: range.min, max: range.max, step: range.step };
    }
  }
  return ranges;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
