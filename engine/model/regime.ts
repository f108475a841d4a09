/**
 * Market regimes as the detector labels its hidden states, by their statistics: mean return and
 * volatility decide between trending up, trending down, ranging and stress (high volatility).
 */
export const REGIME_LABELS = ['trend-up', 'trend-down', 'range', 'stress'] as const;
export type RegimeLabel = (typeof REGIME_LABELS)[number];

/**
 * The detector's belief after one closed bar, from forward filtering only: it uses nothing after `time`.
 * `probabilities` and the rows of `transitions` follow `labels` (one label per hidden state).
 */
export type RegimeState = {
  readonly venue: string;
  readonly symbol: string;
  readonly timeframe: string;
  /** Open time of the bar this belief is conditioned on (the bar is closed). */
  readonly time: number;
  /** When the engine computed it: what a replay orders by. */
  readonly receivedAt: number;
  /** Identifies the fitted model that produced it. */
  readonly modelId: string;
  readonly labels: readonly RegimeLabel[];
  readonly probabilities: readonly number[];
  /** The most likely regime and its probability. */
  readonly regime: RegimeLabel;
  readonly confidence: number;
  /** Expected further duration of the current regime in bars: 1 / (1 − p(stay)). */
  readonly expectedDuration: number;
  readonly transitions: readonly (readonly number[])[];
};

/** How a regime changes what a strategy may do; the engine applies it to every signal. */
export type RegimeModulation = {
  /** Multiplies the position size risk would choose (1 = unchanged). */
  readonly sizeMultiplier: number;
  /** When false, new entries are suppressed (exits always pass). */
  readonly entriesAllowed: boolean;
  /** Multiplies the stop distance suggested by the strategy (1 = unchanged). */
  readonly stopWidening: number;
};
