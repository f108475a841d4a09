import type { Objective, OptimizeConfigInput, ParameterRange, ParameterSpec, SeriesSummary, WalkForwardConfigInput } from '../../engine-client/api-types';
import { checkForm, type BacktestFormValues } from './backtest-form';

/** One parameter's row in the optimiser's form: varied over min..max by step, or held at the run's value. */
export type RangeValues = { readonly vary: boolean; readonly min: string; readonly max: string; readonly step: string };

export type SearchFormValues = {
  readonly method: 'grid' | 'genetic';
  readonly objective: Objective;
  readonly seed: string;
  readonly population: string;
  readonly generations: string;
  readonly patience: string;
  readonly monteCarloRuns: string;
  readonly ranges: Readonly<Record<string, RangeValues>>;
  readonly wfMode: 'rolling' | 'anchored';
  readonly wfWindows: string;
  readonly wfInSamplePct: string;
};

export const DEFAULT_SEARCH_FORM: SearchFormValues = {
  method: 'grid',
  objective: 'fitness',
  seed: '1',
  population: '24',
  generations: '8',
  patience: '4',
  monteCarloRuns: '50',
  ranges: {},
  wfMode: 'rolling',
  wfWindows: '4',
  wfInSamplePct: '75',
};

export const OBJECTIVE_LABELS: Readonly<Record<Objective, string>> = {
  fitness: 'Fitness (multi-objective)',
  sharpe: 'Sharpe',
  sortino: 'Sortino',
  calmar: 'Calmar',
  'total-return': 'Total return',
  'profit-factor': 'Profit factor',
};

/**
 * Starting ranges for a strategy: each number from half to twice its default (within its bounds) in about
 * five steps; the first two numeric parameters varied, so a first search fills a heatmap.
 */
export function defaultRanges(parameters: readonly ParameterSpec[]): Record<string, RangeValues> {
  const ranges: Record<string, RangeValues> = {};
  let varied = 0;
  for (const spec of parameters) {
    if (spec.kind !== 'number' && spec.kind !== 'integer') continue;
    const low = Math.max(spec.min, spec.default / 2);
    const high = Math.min(spec.max, spec.default * 2);
    const raw = (high - low) / 4;
    const step = spec.kind === 'integer' ? Math.max(1, Math.round(raw)) : Number(raw.toPrecision(2)) || spec.step || 0.1;
    const min = spec.kind === 'integer' ? Math.ceil(low) : Number(low.toPrecision(4));
    ranges[spec.name] = { vary: varied < 2 && high > low, min: String(min), max: String(spec.kind === 'integer' ? Math.floor(high) : Number(high.toPrecision(4))), step: String(step) };
    if (high > low && varied < 2) varied += 1;
  }
  return ranges;
}

/** How many values a range takes (grid search multiplies these). */
export function rangeCount(range: { readonly min: number; readonly max: number; readonly step: number }): number {
  return Math.floor((range.max - range.min) / range.step + 1e-9) + 1;
}

export type SearchCheck =
  | { readonly ok: true; readonly ranges: ParameterRange[]; readonly combinations: number; readonly search: SearchNumbers }
  | { readonly ok: false; readonly problems: string[] };

export type SearchNumbers = { readonly seed: number; readonly population: number; readonly generations: number; readonly patience: number; readonly monteCarloRuns: number };

/** Reads the optimiser's form: the varied parameters as ranges within each parameter's bounds, and the search's numbers. */
export function checkSearch(values: SearchFormValues, parameters: readonly ParameterSpec[]): SearchCheck {
  const problems: string[] = [];
  const ranges: ParameterRange[] = [];
  let combinations = 1;
  for (const spec of parameters) {
    const range = values.ranges[spec.name];
    if (!range?.vary || (spec.kind !== 'number' && spec.kind !== 'integer')) continue;
    const min = Number(range.min);
    const max = Number(range.max);
    const step = Number(range.step);
    if ([range.min, range.max, range.step].some((t) => t.trim() === '') || ![min, max, step].every(Number.isFinite)) {
      problems.push(`${spec.name}: min, max and step must be numbers`);
      continue;
    }
    if (step <= 0) problems.push(`${spec.name}: step must be above 0`);
    else if (min > max) problems.push(`${spec.name}: min must not be above max`);
    else if (min < spec.min || max > spec.max) problems.push(`${spec.name}: the range must lie within ${spec.min} and ${spec.max}`);
    else if (spec.kind === 'integer' && ![min, max, step].every(Number.isInteger)) problems.push(`${spec.name}: whole numbers only`);
    else {
      ranges.push({ name: spec.name, min, max, step });
      combinations *= rangeCount({ min, max, step });
    }
  }
  if (ranges.length === 0 && problems.length === 0) problems.push('Vary at least one parameter');
  const int = (text: string, label: string, min: number, max: number): number => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) problems.push(`${label} must be a whole number from ${min} to ${max}`);
    return value;
  };
  const search = {
    seed: int(values.seed, 'Seed', 0, 2 ** 31 - 1),
    population: int(values.population, 'Population', 4, 1_000),
    generations: int(values.generations, 'Generations', 1, 500),
    patience: int(values.patience, 'Patience', 1, 500),
    monteCarloRuns: int(values.monteCarloRuns, 'Monte Carlo runs', 0, 10_000),
  };
  if (values.method === 'grid' && combinations > 20_000) problems.push(`The grid has ${combinations.toLocaleString('en-US')} combinations; narrow the ranges to 20,000 or fewer, or use the genetic search`);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, ranges, combinations, search };
}

export type ConfigCheck<T> = { readonly ok: true; readonly config: T } | { readonly ok: false; readonly problems: string[] };

/** An optimisation of the setup's run: its problems are named by the view they are in. */
export function checkOptimization(form: BacktestFormValues, values: SearchFormValues, parameters: readonly ParameterSpec[] | undefined, stored: readonly SeriesSummary[], prefixSearch = false): ConfigCheck<OptimizeConfigInput> {
  const base = checkForm(form, parameters, stored);
  const search = checkSearch(values, parameters ?? []);
  const problems = [...(base.ok ? [] : base.problems.map((p) => `Setup: ${p}`)), ...(search.ok ? [] : search.problems.map((p) => (prefixSearch ? `Optimise: ${p}` : p)))];
  if (!base.ok || !search.ok) return { ok: false, problems };
  return { ok: true, config: { base: base.request, search: { method: values.method, objective: values.objective, ranges: search.ranges, ...search.search } } };
}

/** A walk-forward of the setup's run over the Optimise view's search. */
export function checkWalkForward(form: BacktestFormValues, values: SearchFormValues, parameters: readonly ParameterSpec[] | undefined, stored: readonly SeriesSummary[]): ConfigCheck<WalkForwardConfigInput> {
  const optimization = checkOptimization(form, values, parameters, stored, true);
  const problems = optimization.ok ? [] : [...optimization.problems];
  const windows = Number(values.wfWindows);
  const inSample = Number(values.wfInSamplePct);
  if (values.wfWindows.trim() === '' || !Number.isInteger(windows) || windows < 1 || windows > 50) problems.push('Windows must be a whole number from 1 to 50');
  if (values.wfInSamplePct.trim() === '' || !Number.isFinite(inSample) || inSample < 10 || inSample > 95) problems.push('In-sample share must be between 10 and 95%');
  if (!optimization.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, config: { ...optimization.config, mode: values.wfMode, windows, inSampleFraction: inSample / 100 } };
}
