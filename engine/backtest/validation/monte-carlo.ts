import { seededRandom } from '../../core/random';
import type { MonteCarloReport } from '../optimization-types';
import { percentileSorted } from './percentile';

export type MonteCarloOptions = {
  readonly runs: number;
  readonly seed: number;
  /** Ruin: equity at or below this fraction of the starting equity at any point. */
  readonly ruinThreshold: number;
  /** `bootstrap` draws trades with replacement (another possible history); `shuffle` only reorders them. */
  readonly method?: 'bootstrap' | 'shuffle';
};

/**
 * Monte Carlo over a backtest's closed trades: each run adds the trades' PnL (quote currency) to the starting
 * equity in a random order — drawn with replacement by default — and records the run's max drawdown and
 * final return. Deterministic for a seed. PnL is added, not compounded: the trades' sizes are taken as they
 * were, which is what a trader asks when wondering whether the same trades could have come in a worse order.
 */
export function monteCarlo(pnl: readonly number[], startEquity: number, options: MonteCarloOptions): MonteCarloReport {
  const { runs, seed, ruinThreshold } = options;
  const n = pnl.length;
  const random = seededRandom(seed);
  const drawdowns = new Float64Array(runs);
  const finals = new Float64Array(runs);
  const order = Float64Array.from(pnl);
  let ruined = 0;
  const ruinLevel = ruinThreshold * startEquity;
  for (let r = 0; r < runs; r++) {
    if (options.method === 'shuffle') {
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        const t = order[i]!;
        order[i] = order[j]!;
        order[j] = t;
      }
    }
    let equity = startEquity;
    let peak = startEquity;
    let maxDd = 0;
    let ruin = false;
    for (let i = 0; i < n; i++) {
      equity += options.method === 'shuffle' ? order[i]! : pnl[Math.floor(random() * n)]!;
      if (equity > peak) peak = equity;
      else {
        const dd = peak > 0 ? Math.min(1, (peak - equity) / peak) : 1;
        if (dd > maxDd) maxDd = dd;
      }
      if (equity <= ruinLevel) ruin = true;
    }
    drawdowns[r] = maxDd;
    finals[r] = equity / startEquity - 1;
    if (ruin) ruined += 1;
  }
  drawdowns.sort();
  finals.sort();
  const worst = runs > 0 ? drawdowns[runs - 1]! : 0;
  const bins = 20;
  const histogram = Array.from({ length: bins }, (_, b) => ({ from: (worst * b) / bins, to: (worst * (b + 1)) / bins, count: 0 }));
  for (let r = 0; r < runs; r++) {
    const b = worst > 0 ? Math.min(bins - 1, Math.floor((drawdowns[r]! / worst) * bins)) : 0;
    histogram[b]!.count += 1;
  }
  return {
    runs,
    seed,
    trades: n,
    maxDrawdown: {
      p5: percentileSorted(drawdowns, 5),
      p25: percentileSorted(drawdowns, 25),
      p50: percentileSorted(drawdowns, 50),
      p75: percentileSorted(drawdowns, 75),
      p95: percentileSorted(drawdowns, 95),
      worst,
    },
    finalReturn: { p5: percentileSorted(finals, 5), p50: percentileSorted(finals, 50), p95: percentileSorted(finals, 95) },
    probabilityOfRuin: runs > 0 ? ruined / runs : 0,
    ruinThreshold,
    histogram,
  };
}
