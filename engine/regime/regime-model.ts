import type { SeriesKey } from '../model/candle';
import type { RegimeLabel } from '../model/regime';
import type { GaussianHmm } from './hmm/gaussian-hmm';
import type { FeatureScaling, RegimeFeature, RegimeFeatureConfig } from './regime-features';

/** Statistics of one hidden state over the bars it was the most likely state of, in the fit data. */
export type RegimeStateStats = {
  readonly label: RegimeLabel;
  /** Share of fitted bars where it was the most likely filtered state. */
  readonly share: number;
  /** Mean log return per bar over those bars. */
  readonly meanReturn: number;
  /** Standard deviation of log returns per bar over those bars. */
  readonly volatility: number;
  /** Expected stay in bars once in the state: 1 / (1 − p_ii). */
  readonly expectedDuration: number;
  /** The state's emission means in standard deviations of each feature (model feature order). */
  readonly featureMeans: readonly number[];
};

/** A fitted regime model for one series: everything needed to filter new bars and explain the result. */
export type RegimeModel = SeriesKey & {
  readonly id: string;
  /** 1 for the series' first model, then counting up. */
  readonly version: number;
  readonly createdAt: number;
  /** Open times of the first and last candle the fit used. */
  readonly from: number;
  readonly to: number;
  /** Feature rows fitted (bars after warm-up), and how many unbroken sequences they formed. */
  readonly bars: number;
  readonly sequences: number;
  readonly features: readonly RegimeFeature[];
  readonly featureConfig: RegimeFeatureConfig;
  readonly scaling: FeatureScaling;
  readonly hmm: GaussianHmm;
  readonly labels: readonly RegimeLabel[];
  readonly stats: readonly RegimeStateStats[];
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly converged: boolean;
  readonly bic: number;
  readonly seed: number;
  readonly restarts: number;
  readonly fitMs: number;
};

/** A model as the API shows it: the parameters as plain arrays. */
export type RegimeModelSummary = Omit<RegimeModel, 'hmm'> & {
  readonly states: number;
  readonly transitions: readonly (readonly number[])[];
};

export function summarise(model: RegimeModel): RegimeModelSummary {
  const { hmm, ...rest } = model;
  return { ...rest, states: hmm.states, transitions: matrixRows(hmm) };
}

export function matrixRows(hmm: GaussianHmm): number[][] {
  return Array.from({ length: hmm.states }, (_, i) => Array.from(hmm.transitions.subarray(i * hmm.states, (i + 1) * hmm.states)));
}
