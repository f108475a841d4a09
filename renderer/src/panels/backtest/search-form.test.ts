import { describe, expect, it } from 'vitest';
import type { ParameterSpec } from '../../engine-client/api-types';
import { DEFAULT_FORM } from './backtest-form';
import { DEFAULT_SEARCH_FORM, checkOptimization, checkSearch, checkWalkForward, defaultRanges, rangeCount } from './search-form';

const parameters: ParameterSpec[] = [
  { name: 'period', kind: 'integer', default: 14, min: 2, max: 100, description: '' },
  { name: 'level', kind: 'number', default: 30, min: 5, max: 45, description: '' },
  { name: 'exit', kind: 'number', default: 50, min: 10, max: 90, description: '' },
  { name: 'shorts', kind: 'boolean', default: false, description: '' },
];

describe('search form', () => {
  it('starts from half to twice each default, varying the first two numbers', () => {
    const ranges = defaultRanges(parameters);
    expect(ranges).toEqual({
      period: { vary: true, min: '7', max: '28', step: '5' },
      level: { vary: true, min: '15', max: '45', step: '7.5' },
      exit: { vary: false, min: '25', max: '90', step: '16' },
    });
  });

  it('counts a range\'s values without float dust', () => {
    expect(rangeCount({ min: 0.1, max: 0.5, step: 0.1 })).toBe(5);
    expect(rangeCount({ min: 7, max: 28, step: 5 })).toBe(5);
  });

  it('builds the ranges and counts the grid', () => {
    const check = checkSearch({ ...DEFAULT_SEARCH_FORM, ranges: defaultRanges(parameters) }, parameters);
    expect(check).toEqual({
      ok: true,
      ranges: [
        { name: 'period', min: 7, max: 28, step: 5 },
        { name: 'level', min: 15, max: 45, step: 7.5 },
      ],
      combinations: 25,
      search: { seed: 1, population: 24, generations: 8, patience: 4, monteCarloRuns: 50 },
    });
  });

  it('names each bad range and number, and refuses a grid too large', () => {
    const check = checkSearch(
      {
        ...DEFAULT_SEARCH_FORM,
        seed: '-1',
        ranges: { period: { vary: true, min: '1', max: '50', step: '1' }, level: { vary: true, min: '40', max: '20', step: '1' }, exit: { vary: true, min: 'a', max: '2', step: '1' } },
      },
      parameters,
    );
    expect(check).toEqual({
      ok: false,
      problems: ['period: the range must lie within 2 and 100', 'level: min must not be above max', 'exit: min, max and step must be numbers', 'Seed must be a whole number from 0 to 2147483647'],
    });
    expect(checkSearch({ ...DEFAULT_SEARCH_FORM, ranges: {} }, parameters)).toEqual({ ok: false, problems: ['Vary at least one parameter'] });
    const huge = checkSearch({ ...DEFAULT_SEARCH_FORM, ranges: { level: { vary: true, min: '5', max: '45', step: '0.001' } } }, parameters);
    expect(huge).toEqual({ ok: false, problems: ['The grid has 40,001 combinations; narrow the ranges to 20,000 or fewer, or use the genetic search'] });
  });
});

describe('optimisation and walk-forward configs', () => {
  const stored = [{ venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h', count: 10, firstOpenTime: 0, lastOpenTime: 36_000_000 }] as const;
  const form = { ...DEFAULT_FORM, strategy: 'rsi', params: { period: '14', level: '30', exit: '50', shorts: 'false' }, series: 'binance|BTC/USDT|1h' };
  const values = { ...DEFAULT_SEARCH_FORM, ranges: defaultRanges(parameters) };

  it("puts the setup's run under the search, and the windows around both", () => {
    const check = checkWalkForward(form, { ...values, wfWindows: '3', wfInSamplePct: '80', wfMode: 'anchored' }, parameters, stored);
    expect(check.ok && check.config).toMatchObject({
      base: { strategy: 'rsi', params: { period: 14 }, venue: 'binance' },
      search: { method: 'grid', objective: 'fitness', ranges: [{ name: 'period' }, { name: 'level' }], seed: 1 },
      mode: 'anchored',
      windows: 3,
      inSampleFraction: 0.8,
    });
  });

  it('names the view each problem is in', () => {
    const check = checkWalkForward({ ...form, initialEquity: 'x' }, { ...values, ranges: {}, wfWindows: '0', wfInSamplePct: '' }, parameters, stored);
    expect(check).toEqual({
      ok: false,
      problems: ['Setup: Initial equity must be a number', 'Optimise: Vary at least one parameter', 'Windows must be a whole number from 1 to 50', 'In-sample share must be between 10 and 95%'],
    });
    expect(checkOptimization({ ...form, initialEquity: 'x' }, { ...values, ranges: {} }, parameters, stored)).toEqual({ ok: false, problems: ['Setup: Initial equity must be a number', 'Vary at least one parameter'] });
  });
});
