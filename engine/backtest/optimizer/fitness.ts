import type { RegimeLabel } from '../../model/regime';
import type { BacktestMetrics } from '../backtest-types';
import type { FitnessComponents } from '../optimization-types';
import { percentileUnsorted } from '../validation/percentile';

/** What the fitness is computed from: the run's equity and regimes, its metrics, the stressed run and the Monte Carlo drawdown. */
export type FitnessInput = {
  readonly startEquity: number;
  readonly equity: Float64Array;
  readonly regimes: readonly (RegimeLabel | undefined)[];
  readonly metrics: BacktestMetrics;
  /** Total return with fees × 2 and slippage × 3. */
  readonly stressedReturn: number;
  /** 95th percentile of the max drawdown of reshuffled trades. */
  readonly monteCarloDrawdown: number;
  readonly periodsPerYear: number;
};

export const FITNESS_WEIGHTS = { survival: 0.3, profit: 0.25, adaptability: 0.25, robustness: 0.2 } as const;
/** Fewer closed trades than this scale the fitness down linearly: doing nothing is not a strategy. */
export const MIN_TRADES = 5;

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : Number.isFinite(x) ? x : 0);
/** Maps a return to (0, 1): 0.5 at zero, symmetric, saturating. */
const squash = (x: number, scale: number): number => 0.5 + 0.5 * Math.tanh(scale * x);

/**
 * Historical value at risk, 95 %, of one calendar day: the loss at the 5th percentile of per-bar returns, scaled
 * by √(bars per day). A fraction of equity, ≥ 0.
 */
export function dailyVar95(startEquity: number, equity: Float64Array, periodsPerYear: number): number {
  const n = equity.length;
  if (n < 2) return 0;
  const returns = new Float64Array(n);
  let previous = startEquity;
  for (let i = 0; i < n; i++) {
    returns[i] = previous > 0 ? equity[i]! / previous - 1 : 0;
    previous = equity[i]!;
  }
  // The 5th percentile by selection rather than a sort of every bar's return: the same value, in linear time.
  return Math.max(0, -percentileUnsorted(returns, 5)) * Math.sqrt(Math.max(1, periodsPerYear / 365.25));
}

const SLICES = ['slice-0', 'slice-1', 'slice-2', 'slice-3'];

/**
 * Compounded return of each regime segment (the bars that closed in a regime, when regimes were known for at
 * least half the bars), or of four equal slices of time otherwise. Segments with under 5 % of the bars are left out.
 */
export function segmentReturns(startEquity: number, equity: Float64Array, regimes: readonly (RegimeLabel | undefined)[]): number[] {
  const n = equity.length;
  let known = 0;
  for (let i = 0; i < regimes.length; i++) if (regimes[i] !== undefined) known += 1;
  const byRegime = known >= n / 2;
  const growth = new Map<string, { g: number; bars: number }>();
  let previous = startEquity;
  // Consecutive bars mostly share a segment: the map is consulted only when the key changes.
  let key: string | undefined;
  let s = { g: 1, bars: 0 };
  for (let i = 0; i < n; i++) {
    const k = byRegime ? (regimes[i] ?? 'none') : SLICES[Math.min(3, Math.floor((4 * i) / n))]!;
    if (k !== key) {
      key = k;
      const seen = growth.get(k);
      if (seen) s = seen;
      else growth.set(k, (s = { g: 1, bars: 0 }));
    }
    if (previous > 0) s.g *= equity[i]! / previous;
    s.bars += 1;
    previous = equity[i]!;
  }
  return [...growth.values()].filter((s) => s.bars >= 0.05 * n).map((s) => s.g - 1);
}

/**
 * The multi-objective fitness of issue 5, each part in [0, 1] (docs/backtesting.md):
 * - survival 30 %: ½ (1 − maxDD / 50 %) + ½ (1 − one-day VaR95 / 10 %), each clamped to [0, 1];
 * - profit 25 %: ½ clamp((Sharpe + 1) / 4) + ½ squash(2 × total return);
 * - adaptability 25 %: ½ share of segments with a non-negative return + ½ squash(5 × the worst segment's return);
 * - robustness 20 %: ½ squash(2 × total return under fees × 2 and slippage × 3) + ½ (1 − Monte Carlo p95 drawdown / 50 %);
 * where squash(x) = ½ + ½ tanh(x). With fewer than 5 closed trades the sum is scaled by trades / 5.
 */
export function fitness(input: FitnessInput): { fitness: number; components: FitnessComponents } {
  const { metrics } = input;
  const survival = 0.5 * clamp01(1 - metrics.maxDrawdown / 0.5) + 0.5 * clamp01(1 - dailyVar95(input.startEquity, input.equity, input.periodsPerYear) / 0.1);
  const profit = 0.5 * clamp01((metrics.sharpe + 1) / 4) + 0.5 * squash(metrics.totalReturn, 2);
  const segments = segmentReturns(input.startEquity, input.equity, input.regimes);
  const adaptability =
    segments.length === 0 ? 0 : 0.5 * (segments.filter((r) => r >= 0).length / segments.length) + 0.5 * squash(Math.min(...segments), 5);
  const robustness = 0.5 * squash(input.stressedReturn, 2) + 0.5 * clamp01(1 - input.monteCarloDrawdown / 0.5);
  const w = FITNESS_WEIGHTS;
  const sum = w.survival * survival + w.profit * profit + w.adaptability * adaptability + w.robustness * robustness;
  const scale = Math.min(1, metrics.trades / MIN_TRADES);
  return { fitness: sum * scale, components: { survival, profit, adaptability, robustness } };
}
