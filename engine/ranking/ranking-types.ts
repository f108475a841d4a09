import type { SeriesKey } from '../model/candle';
import type { RegimeLabel } from '../model/regime';

export const ANOMALY_KINDS = ['volume-spike', 'price-jump', 'correlation-breakdown'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** Something unusual in the newest bars of a series, with the number that tripped it. */
export type AnomalyFlag = {
  readonly kind: AnomalyKind;
  /** Open time of the bar it was seen on. */
  readonly time: number;
  /** The measured value: a volume z-score, a return in σ, or the short-window correlation. */
  readonly value: number;
  readonly threshold: number;
  /** 0 (barely past the threshold) … 1 (far past it). */
  readonly severity: number;
  readonly message: string;
};

/** The raw numbers behind each score, kept so a trader (and a test) can see why. */
export type SeriesMetrics = {
  readonly series: SeriesKey;
  readonly bars: number;
  readonly lastTime: number;
  readonly lastClose: number;
  readonly trend: {
    readonly adx: number;
    /** +DI − −DI: positive when up-moves dominate. */
    readonly diSpread: number;
    /** Change of the EMA over the slope window, in units of the return σ over that window (a t-statistic-like number). */
    readonly emaSlope: number;
    /** Log return over the lookback. */
    readonly lookbackReturn: number;
    readonly regime?: { readonly label: RegimeLabel; readonly confidence: number };
  };
  readonly volatility: {
    /** Standard deviation of one-bar log returns over the recent window. */
    readonly realised: number;
    /** Share of the series' own history with lower realised volatility (0 = calmest ever, 1 = wildest). */
    readonly percentile: number;
  };
  readonly liquidity: {
    /** Quote volume (Σ close × volume) over the last day of bars. */
    readonly quoteVolume: number;
    /** Top-of-book spread in basis points, when a live book was seen. */
    readonly spreadBps?: number;
  };
  readonly sentiment?: { readonly score: number; readonly confidence: number; readonly count: number };
  readonly correlation?: { readonly reference: string; readonly recent: number; readonly longRun: number };
  readonly anomalies: readonly AnomalyFlag[];
};

export const DIMENSIONS = ['trend', 'sentiment', 'volatility', 'liquidity', 'anomalies'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/**
 * Each dimension in [0, 1]. trend: strength of a directional move (either way); sentiment: bullishness
 * weighted by confidence (null without sources); volatility: calmness against the series' own history;
 * liquidity: depth of trading; anomalies: severity of the worst recent anomaly (0 = none).
 */
export type DimensionScores = {
  readonly trend: number;
  readonly sentiment: number | null;
  readonly volatility: number;
  readonly liquidity: number;
  readonly anomalies: number;
};

export type RankedSeries = {
  readonly rank: number;
  readonly series: SeriesKey;
  /** The combined confidence in [0, 1] the list is sorted by. */
  readonly score: number;
  readonly direction: 'up' | 'down' | 'none';
  readonly scores: DimensionScores;
  readonly metrics: SeriesMetrics;
  readonly rationale: string;
};

export type RankingReport = {
  readonly generatedAt: number;
  readonly timeframe: string;
  readonly venue?: string;
  /** The series correlations are measured against, when one is stored. */
  readonly reference?: string;
  readonly items: readonly RankedSeries[];
  /** Series that were considered and left out, with why (too short, no recent bars…). */
  readonly skipped: readonly { readonly series: SeriesKey; readonly reason: string }[];
};
