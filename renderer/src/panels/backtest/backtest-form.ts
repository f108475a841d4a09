import type { BacktestConfigInput, ParameterSpec, SeriesSummary } from '../../engine-client/api-types';

type SizingMode = NonNullable<BacktestConfigInput['sizing']>;
import { parseParams } from '../signals/signal-state';

export type SlippageChoice = 'none' | 'fixed' | 'volatility';
export type FillTiming = 'next-open' | 'close';
export type SizingChoice = SizingMode['mode'];

/** The lab's form as the trader types it: text, checked against the strategy and the series on Run. */
export type BacktestFormValues = {
  readonly strategy: string;
  readonly params: Readonly<Record<string, string>>;
  /** venue|symbol|timeframe of a stored series. */
  readonly series: string;
  /** UTC days, YYYY-MM-DD; empty means the series' first or last bar. */
  readonly from: string;
  readonly to: string;
  readonly initialEquity: string;
  /** Percent of notional, as venues quote them (0.055 = 0.055 %). */
  readonly makerFeePct: string;
  readonly takerFeePct: string;
  readonly slippage: SlippageChoice;
  readonly slippageBps: string;
  readonly slippageVolFactor: string;
  readonly sizing: SizingChoice;
  readonly quantity: string;
  readonly fractionPct: string;
  readonly riskPct: string;
  readonly atrMultiple: string;
  readonly kellyFraction: string;
  readonly maxLeverage: string;
  readonly fillTiming: FillTiming;
  readonly closeAtEnd: boolean;
  readonly approval: ApprovalChoice;
  readonly approvalDelayBars: string;
  readonly regime: RegimeChoice;
  readonly regimeTrainBars: string;
};

export type ApprovalChoice = 'approve-all' | 'delay';
export type RegimeChoice = 'none' | 'fit-before' | 'stored';

export const DEFAULT_FORM: BacktestFormValues = {
  strategy: '',
  params: {},
  series: '',
  from: '',
  to: '',
  initialEquity: '10000',
  makerFeePct: '0.02',
  takerFeePct: '0.055',
  slippage: 'fixed',
  slippageBps: '2',
  slippageVolFactor: '0.1',
  sizing: 'equity-fraction',
  quantity: '1',
  fractionPct: '100',
  riskPct: '1',
  atrMultiple: '2',
  kellyFraction: '0.5',
  maxLeverage: '1',
  fillTiming: 'next-open',
  closeAtEnd: true,
  approval: 'approve-all',
  approvalDelayBars: '1',
  regime: 'none',
  regimeTrainBars: '5000',
};

/** The lab's sizing modes in the order its picker lists them. */
export const SIZING_CHOICES: readonly { readonly mode: SizingChoice; readonly label: string }[] = [
  { mode: 'fixed-quantity', label: 'Fixed quantity' },
  { mode: 'equity-fraction', label: 'Fraction of equity' },
  { mode: 'all-equity', label: 'All equity (whole lots)' },
  { mode: 'risk-per-trade', label: 'Risk per trade' },
  { mode: 'volatility-target', label: 'Volatility target (ATR stop)' },
  { mode: 'kelly', label: 'Kelly fraction' },
];

export type SeriesChoice = { readonly venue: string; readonly symbol: string; readonly timeframe: string };

export function seriesId(series: SeriesChoice): string {
  return `${series.venue}|${series.symbol}|${series.timeframe}`;
}

export function parseSeriesId(id: string): SeriesChoice | null {
  const [venue, symbol, timeframe] = id.split('|');
  return venue && symbol && timeframe ? { venue, symbol, timeframe } : null;
}

export type BacktestRequest = BacktestConfigInput;

export type FormCheck = { readonly ok: true; readonly request: BacktestRequest } | { readonly ok: false; readonly problems: string[] };

const DAY_MS = 86_400_000;

/**
 * Reads the form into a run request, or lists everything wrong with it at once (each problem names
 * its field), so the trader fixes the form in one pass. The engine checks again and its answer is shown too.
 */
export function checkForm(values: BacktestFormValues, parameters: readonly ParameterSpec[] | undefined, stored: readonly SeriesSummary[]): FormCheck {
  const problems: string[] = [];
  if (!values.strategy || !parameters) problems.push('Choose a strategy');
  const { params, problems: paramProblems } = parseParams(parameters ?? [], values.params);
  problems.push(...paramProblems);

  const series = parseSeriesId(values.series);
  const summary = series ? stored.find((s) => seriesId(s) === values.series) : undefined;
  if (!series || !summary) problems.push('Choose a stored series');

  const from = parseDay(values.from, 'From', problems);
  const toDay = parseDay(values.to, 'To', problems);
  // "To" names a whole day: the run includes its last bar.
  const to = toDay === undefined ? undefined : toDay + DAY_MS - 1;
  if (from !== undefined && to !== undefined && from > to) problems.push('From must be before To');
  if (summary && from !== undefined && from > summary.lastOpenTime) problems.push(`From is after the last stored bar (${day(summary.lastOpenTime)})`);
  if (summary && to !== undefined && to < summary.firstOpenTime) problems.push(`To is before the first stored bar (${day(summary.firstOpenTime)})`);

  const initialEquity = positive(values.initialEquity, 'Initial equity', problems, 1e12);
  // Venues quote fees in percent; the engine takes basis points. A negative maker fee is a rebate.
  const makerBps = bounded(values.makerFeePct, 'Maker fee (%)', problems, -1, 10) * 100;
  const takerBps = bounded(values.takerFeePct, 'Taker fee (%)', problems, 0, 10) * 100;
  const slippage = readSlippage(values, problems);
  const sizing = readSizing(values, problems);
  const maxLeverage = bounded(values.maxLeverage, 'Max leverage', problems, 1, 100);
  const approval = values.approval === 'delay' ? { policy: 'delay' as const, bars: wholeNumber(values.approvalDelayBars, 'Approval delay (bars)', problems, 1, 1_000) } : { policy: 'approve-all' as const };
  const regime = readRegime(values, problems);

  if (problems.length > 0 || !series) return { ok: false, problems };
  return {
    ok: true,
    request: {
      ...series,
      timeframe: series.timeframe as BacktestConfigInput['timeframe'],
      strategy: values.strategy,
      params,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
      initialEquity,
      fees: { makerBps: round(makerBps), takerBps: round(takerBps) },
      slippage,
      sizing,
      maxLeverage,
      fillTiming: values.fillTiming,
      closeAtEnd: values.closeAtEnd,
      approval,
      regime,
    },
  };
}

// Percent × 100 in floating point leaves dust (0.055 × 100 = 5.499999…); fees are never finer than 1e-6 bp.
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function readRegime(values: BacktestFormValues, problems: string[]): NonNullable<BacktestConfigInput['regime']> {
  if (values.regime === 'fit-before') return { mode: 'fit-before', trainBars: wholeNumber(values.regimeTrainBars, 'Regime training bars', problems, 500, 1_000_000) };
  if (values.regime === 'stored') return { mode: 'stored' };
  return { mode: 'none' };
}

function readSlippage(values: BacktestFormValues, problems: string[]): NonNullable<BacktestConfigInput['slippage']> {
  if (values.slippage === 'fixed') return { mode: 'fixed', bps: nonNegative(values.slippageBps, 'Slippage (bps)', problems, 1_000) };
  if (values.slippage === 'volatility') return { mode: 'volatility', factor: nonNegative(values.slippageVolFactor, 'Slippage factor', problems, 10) };
  return { mode: 'none' };
}

function readSizing(values: BacktestFormValues, problems: string[]): SizingMode {
  switch (values.sizing) {
    case 'fixed-quantity':
      return { mode: 'fixed-quantity', quantity: positive(values.quantity, 'Quantity', problems) };
    case 'equity-fraction':
      return { mode: 'equity-fraction', fraction: positivePercent(values.fractionPct, 'Fraction of equity', problems, 1_000) };
    case 'all-equity':
      return { mode: 'all-equity' };
    case 'risk-per-trade':
      return { mode: 'risk-per-trade', riskFraction: positivePercent(values.riskPct, 'Risk per trade', problems, 100) };
    case 'volatility-target':
      return {
        mode: 'volatility-target',
        riskFraction: positivePercent(values.riskPct, 'Risk per trade', problems, 100),
        atrMultiple: positive(values.atrMultiple, 'ATR multiple', problems),
      };
    case 'kelly':
      return { mode: 'kelly', kellyFraction: positive(values.kellyFraction, 'Kelly fraction', problems, 1), maxFraction: positivePercent(values.fractionPct, 'Fraction of equity', problems, 100) };
  }
}

function parseDay(text: string, label: string, problems: string[]): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || day(ms) !== trimmed) {
    problems.push(`${label} must be a date like 2025-01-31`);
    return undefined;
  }
  return ms;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function number(text: string, label: string, problems: string[]): number | null {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) {
    problems.push(`${label} must be a number`);
    return null;
  }
  return value;
}

function positive(text: string, label: string, problems: string[], max = Number.MAX_SAFE_INTEGER): number {
  const value = number(text, label, problems);
  if (value === null) return 0;
  if (value <= 0 || value > max) problems.push(max === Number.MAX_SAFE_INTEGER ? `${label} must be above 0` : `${label} must be above 0 and at most ${max}`);
  return value;
}

function bounded(text: string, label: string, problems: string[], min: number, max: number): number {
  const value = number(text, label, problems);
  if (value === null) return min;
  if (value < min || value > max) problems.push(`${label} must be between ${min} and ${max}`);
  return value;
}

function wholeNumber(text: string, label: string, problems: string[], min: number, max: number): number {
  const value = bounded(text, label, problems, min, max);
  if (!Number.isInteger(value)) problems.push(`${label} must be a whole number`);
  return value;
}

function nonNegative(text: string, label: string, problems: string[], max: number): number {
  const value = number(text, label, problems);
  if (value === null) return 0;
  if (value < 0 || value > max) problems.push(`${label} must be between 0 and ${max}`);
  return value;
}

/** A size typed in percent (of equity, of risk) as a fraction for the engine; it must be above zero. */
function positivePercent(text: string, label: string, problems: string[], maxPct: number): number {
  const value = number(text, `${label} (%)`, problems);
  if (value === null) return 0;
  if (value <= 0 || value > maxPct) problems.push(`${label} must be above 0 and at most ${maxPct}%`);
  return value / 100;
}
