import type { Candle } from '../model/candle';
import type { RegimeLabel, RegimeState } from '../model/regime';
import { LOG_2PI } from './hmm/gaussian-hmm';
import { HmmFilter } from './hmm/hmm-filter';
import { FeatureStream } from './feature-stream';
import { expectedDuration } from './regime-labels';
import { featureIndices, standardise, type RegimeFeature } from './regime-features';
import { matrixRows, type RegimeModel } from './regime-model';
import type { RegimeInputs, RegimeTracker } from './regime-tracker';

/** How much one feature pushed the current bar towards the top state rather than the runner-up. */
export type FeatureDriver = {
  readonly feature: RegimeFeature;
  /** The bar's value in fit-time standard deviations (null when the feature was missing). */
  readonly value: number | null;
  /** log N(x; top state) − log N(x; runner-up) for this feature alone: positive favours the top state. */
  readonly contribution: number;
};

export type RegimeExplanation = {
  /** The most likely state (its index and label) and the next one, when there is one. */
  readonly topState: number;
  readonly top: RegimeLabel;
  readonly runnerUpState: number | null;
  readonly runnerUp: RegimeLabel | null;
  readonly drivers: readonly FeatureDriver[];
};

/**
 * The regime detector's online side for one series and one fitted model: features from each closed bar,
 * forward filtering, the labelled belief. Only bars up to the one given are ever used, so a replay and
 * the live feed produce the same states. A gap in the bars restarts the features and the filter.
 */
export class HmmRegimeTracker implements RegimeTracker {
  private readonly stream: FeatureStream;
  private readonly filter: HmmFilter;
  private readonly indices: number[];
  private readonly observation: Float64Array;
  private readonly transitions: number[][];
  private last: RegimeState | undefined;

  constructor(
    readonly model: RegimeModel,
    private readonly now: () => number = Date.now,
  ) {
    this.stream = new FeatureStream(model.timeframe, model.featureConfig);
    this.filter = new HmmFilter(model.hmm);
    this.indices = featureIndices(model.features);
    this.observation = new Float64Array(model.features.length);
    this.transitions = matrixRows(model.hmm);
  }

  /** Open time of the last bar folded in. */
  get lastOpenTime(): number | undefined {
    return this.stream.last;
  }

  get current(): RegimeState | undefined {
    return this.last;
  }

  update(candle: Candle, inputs?: RegimeInputs): RegimeState | undefined {
    const step = this.stream.push(candle, inputs);
    if (step.kind === 'stale') return candle.openTime === this.last?.time ? this.last : undefined;
    if (step.kind === 'warming-up') {
      this.last = undefined;
      return undefined;
    }
    if (step.sequenceStart) this.filter.reset();
    standardise(step.raw, this.indices, this.model.scaling, this.observation);
    const p = this.filter.step(this.observation);
    return (this.last = this.stateOf(candle.openTime, p));
  }

  /** Which features drive the current belief: per feature, its pull towards the top state versus the runner-up. */
  explain(): RegimeExplanation | undefined {
    if (!this.last) return undefined;
    const { hmm, labels, features } = this.model;
    const [top, runnerUp] = topTwo(this.filter.probabilities);
    const drivers = features.map((feature, j): FeatureDriver => {
      const x = this.observation[j]!;
      if (Number.isNaN(x) || runnerUp < 0) return { feature, value: Number.isNaN(x) ? null : x, contribution: 0 };
      return { feature, value: x, contribution: logDensity(hmm, top, j, x) - logDensity(hmm, runnerUp, j, x) };
    });
    return { topState: top, top: labels[top]!, runnerUpState: runnerUp < 0 ? null : runnerUp, runnerUp: runnerUp < 0 ? null : labels[runnerUp]!, drivers };
  }

  private stateOf(time: number, p: Float64Array): RegimeState {
    const { model } = this;
    const [top] = topTwo(p);
    const k = model.hmm.states;
    return {
      venue: model.venue,
      symbol: model.symbol,
      timeframe: model.timeframe,
      time,
      receivedAt: this.now(),
      modelId: model.id,
      labels: model.labels,
      probabilities: Array.from(p),
      regime: model.labels[top]!,
      confidence: p[top]!,
      expectedDuration: expectedDuration(model.hmm.transitions[top * k + top]!),
      transitions: this.transitions,
    };
  }
}

function logDensity(hmm: RegimeModel['hmm'], state: number, feature: number, x: number): number {
  const i = state * hmm.dims + feature;
  const v = hmm.variances[i]!;
  const diff = x - hmm.means[i]!;
  return -0.5 * (LOG_2PI + Math.log(v) + (diff * diff) / v);
}

function topTwo(p: Float64Array): [number, number] {
  let top = 0;
  for (let s = 1; s < p.length; s++) if (p[s]! > p[top]!) top = s;
  let second = -1;
  for (let s = 0; s < p.length; s++) if (s !== top && (second < 0 || p[s]! > p[second]!)) second = s;
  return [top, second];
}
