import type { BacktestMetrics, EquityPoint, BacktestTrade } from './backtest-types';
import type { Objective } from './backtest-config';

/** Views that cross the API and are stored: plain numbers and strings, times in ms since the epoch. */

export type ParamValues = Readonly<Record<string, number | string | boolean>>;

/** The four parts of the multi-objective fitness, each in [0, 1]; conventions in docs/backtesting.md. */
export type FitnessComponents = {
  /** 30 %: max drawdown and 95 % one-bar historical VaR of the equity curve. */
  readonly survival: number;
  /** 25 %: Sharpe and total return. */
  readonly profit: number;
  /** 25 %: how evenly the result holds up across regime segments (or equal slices of time without a regime model). */
  readonly adaptability: number;
  /** 20 %: return under fees ×2 and slippage ×3, and the Monte Carlo drawdown of reshuffled trades. */
  readonly robustness: number;
};

/** One evaluated parameter set: a row of the optimisation results table. */
export type OptimizationRow = {
  readonly rank: number;
  readonly params: ParamValues;
  /** The value of the chosen objective (the weighted fitness, or the metric). */
  readonly objective: number;
  readonly fitness: number;
  readonly components: FitnessComponents;
  readonly metrics: BacktestMetrics;
  /** Generation that first evaluated it (0 for a grid). */
  readonly generation: number;
};

export type OptimizationSummary = {
  readonly id: string;
  readonly strategy: string;
  readonly venue: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly from: number;
  readonly to: number;
  readonly method: 'grid' | 'genetic';
  readonly objective: Objective;
  readonly seed: number;
  readonly evaluations: number;
  readonly state: 'running' | 'done' | 'failed' | 'cancelled';
  /** Why it stopped early (patience reached, cancelled) or failed, and how many sets the strategy refused. */
  readonly message?: string;
  /** Parameter sets the strategy refused (e.g. fast ≥ slow): skipped, not rows. */
  readonly refused?: number;
  readonly createdAt: number;
  readonly elapsedMs: number;
  readonly best?: OptimizationRow;
};

export type OptimizationResult = OptimizationSummary & {
  /** Names of the parameters varied, in the order of the ranges (the heatmap's axes). */
  readonly parameters: readonly string[];
  /** Best first. */
  readonly rows: readonly OptimizationRow[];
  /** Best objective after each generation (one entry for a grid). */
  readonly history: readonly number[];
};

export type WalkForwardWindow = {
  readonly index: number;
  readonly inSample: { readonly from: number; readonly to: number; readonly bars: number };
  readonly outOfSample: { readonly from: number; readonly to: number; readonly bars: number };
  readonly bestParams: ParamValues;
  readonly inSampleObjective: number;
  readonly inSampleMetrics: BacktestMetrics;
  readonly outOfSampleMetrics: BacktestMetrics;
};

export type WalkForwardResult = {
  readonly id: string;
  readonly strategy: string;
  readonly venue: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly mode: 'rolling' | 'anchored';
  readonly state: 'running' | 'done' | 'failed' | 'cancelled';
  readonly message?: string;
  readonly createdAt: number;
  readonly windows: readonly WalkForwardWindow[];
  /** The out-of-sample windows one after another, each starting from the equity the previous one ended with. */
  readonly stitched?: {
    readonly equity: readonly EquityPoint[];
    readonly trades: readonly BacktestTrade[];
    readonly metrics: BacktestMetrics;
  };
  /** Out-of-sample annualised return over in-sample annualised return, averaged over windows (walk-forward efficiency). */
  readonly efficiency?: number;
};

export type MonteCarloReport = {
  readonly runs: number;
  readonly seed: number;
  readonly trades: number;
  /** Max drawdown of reshuffled (bootstrap-resampled) trade sequences: percentiles 5, 25, 50, 75, 95 and the worst. */
  readonly maxDrawdown: { readonly p5: number; readonly p25: number; readonly p50: number; readonly p75: number; readonly p95: number; readonly worst: number };
  readonly finalReturn: { readonly p5: number; readonly p50: number; readonly p95: number };
  /** Share of runs whose equity fell to `ruinThreshold` × the starting equity or below. */
  readonly probabilityOfRuin: number;
  readonly ruinThreshold: number;
  /** Histogram of max drawdown: 20 bins over [0, worst]. */
  readonly histogram: readonly { readonly from: number; readonly to: number; readonly count: number }[];
};

export type LookaheadFinding = {
  /** What changed when the data was cut at the bar: a signal, or the value of an indicator. */
  readonly kind: 'signal-changed' | 'signal-missing' | 'signal-added' | 'indicator-changed';
  readonly time: number;
  readonly detail: string;
};

export type LookaheadReport = {
  readonly strategy: string;
  readonly params: ParamValues;
  readonly bars: number;
  readonly cuts: number;
  readonly signals: number;
  readonly passed: boolean;
  readonly findings: readonly LookaheadFinding[];
};
