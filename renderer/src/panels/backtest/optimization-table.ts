import type { OptimizationRow } from '../../engine-client/api-types';

/** The figures an optimisation row can be sorted and coloured by. */
export const SCORE_KEYS = ['objective', 'fitness', 'survival', 'profit', 'adaptability', 'robustness', 'totalReturn', 'sharpe', 'maxDrawdown', 'trades'] as const;
export type ScoreKey = (typeof SCORE_KEYS)[number];

export const SCORE_LABELS: Readonly<Record<ScoreKey, string>> = {
  objective: 'Objective',
  fitness: 'Fitness',
  survival: 'Survival',
  profit: 'Profit',
  adaptability: 'Adapt.',
  robustness: 'Robust.',
  totalReturn: 'Return',
  sharpe: 'Sharpe',
  maxDrawdown: 'Max DD',
  trades: 'Trades',
};

export function scoreOf(row: OptimizationRow, key: ScoreKey): number {
  switch (key) {
    case 'objective':
      return row.objective;
    case 'fitness':
      return row.fitness;
    case 'survival':
    case 'profit':
    case 'adaptability':
    case 'robustness':
      return row.components[key];
    case 'totalReturn':
    case 'sharpe':
    case 'trades':
      return row.metrics[key];
    case 'maxDrawdown':
      // Smaller drawdowns are better: negated, so "higher is better" holds for every key.
      return -Math.abs(row.metrics.maxDrawdown);
  }
}

/** Rows best first by a figure (NaN last), ties by the optimiser's own rank. */
export function sortRows(rows: readonly OptimizationRow[], key: ScoreKey, direction: 'desc' | 'asc' = 'desc'): OptimizationRow[] {
  const sign = direction === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = scoreOf(a, key);
    const vb = scoreOf(b, key);
    if (Number.isNaN(va) !== Number.isNaN(vb)) return Number.isNaN(va) ? 1 : -1;
    const order = Number.isNaN(va) ? 0 : sign * (va - vb);
    return order !== 0 && !Number.isNaN(order) ? order : a.rank - b.rank;
  });
}
