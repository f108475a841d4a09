import type { BacktestMetrics } from '../../engine-client/api-types';
import { formatDuration, formatMoney, formatPercent, formatRatio, formatSignedMoney, formatSignedPercent } from './backtest-format';

/** A row of the comparison table: how to read a metric, and which way is better. */
export type CompareRow = {
  readonly key: keyof BacktestMetrics;
  readonly label: string;
  readonly format: (value: number) => string;
  /** Higher is better, lower is better, or neither (a fact such as the number of trades). */
  readonly better: 'higher' | 'lower' | null;
};

export const COMPARE_ROWS: readonly CompareRow[] = [
  { key: 'totalReturn', label: 'Return', format: (v) => formatSignedPercent(v), better: 'higher' },
  { key: 'cagr', label: 'CAGR', format: (v) => formatSignedPercent(v), better: 'higher' },
  { key: 'annualVolatility', label: 'Volatility (ann.)', format: (v) => formatPercent(v), better: 'lower' },
  { key: 'sharpe', label: 'Sharpe', format: (v) => formatRatio(v), better: 'higher' },
  { key: 'sortino', label: 'Sortino', format: (v) => formatRatio(v), better: 'higher' },
  { key: 'calmar', label: 'Calmar', format: (v) => formatRatio(v), better: 'higher' },
  { key: 'maxDrawdown', label: 'Max drawdown', format: (v) => formatPercent(-Math.abs(v), 2), better: 'lower' },
  { key: 'maxDrawdownDuration', label: 'Max DD duration', format: (v) => formatDuration(v), better: 'lower' },
  { key: 'winRate', label: 'Win rate', format: (v) => formatPercent(v), better: 'higher' },
  { key: 'profitFactor', label: 'Profit factor', format: (v) => formatRatio(v), better: 'higher' },
  { key: 'expectancy', label: 'Expectancy', format: (v) => formatSignedMoney(v), better: 'higher' },
  { key: 'sqn', label: 'SQN', format: (v) => formatRatio(v), better: 'higher' },
  { key: 'exposure', label: 'Exposure', format: (v) => formatPercent(v), better: null },
  { key: 'trades', label: 'Trades', format: (v) => String(v), better: null },
  { key: 'bestTrade', label: 'Best trade', format: (v) => formatSignedMoney(v), better: 'higher' },
  { key: 'worstTrade', label: 'Worst trade', format: (v) => formatSignedMoney(v), better: 'higher' },
  { key: 'fees', label: 'Fees', format: (v) => formatMoney(v), better: 'lower' },
  { key: 'buyAndHoldReturn', label: 'Buy & hold', format: (v) => formatSignedPercent(v), better: null },
];

/**
 * Which runs are best on a row (several on a tie); none when the row has no better side, only one run
 * has a value, or all values are equal. Drawdown compares by magnitude.
 */
export function bestOf(row: CompareRow, metrics: readonly BacktestMetrics[]): Set<number> {
  const best = new Set<number>();
  if (!row.better) return best;
  const values = metrics.map((m) => (row.key === 'maxDrawdown' ? Math.abs(m[row.key]) : m[row.key]));
  const finite = values.filter((v) => !Number.isNaN(v));
  if (finite.length < 2) return best;
  const target = row.better === 'higher' ? Math.max(...finite) : Math.min(...finite);
  if (finite.every((v) => v === target)) return best;
  values.forEach((v, i) => {
    if (v === target) best.add(i);
  });
  return best;
}

type Params = Readonly<Record<string, number | string | boolean>>;

/** The parameters that tell runs apart: those whose value differs between them (all of them for a single run). */
export function differingParams(params: readonly Params[]): string[] {
  const names = [...new Set(params.flatMap((p) => Object.keys(p)))];
  if (params.length < 2) return names;
  return names.filter((name) => new Set(params.map((p) => String(p[name]))).size > 1);
}

/** "fast 5 · slow 20" for the named parameters. */
export function paramLabel(params: Params, names: readonly string[]): string {
  return names.map((name) => `${name} ${String(params[name] ?? '—')}`).join(' · ');
}
