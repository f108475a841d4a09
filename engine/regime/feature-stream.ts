import type { Candle } from '../model/candle';
import { nextOpenTime, type Timeframe } from '../model/timeframe';
import { RegimeFeatureExtractor, type RegimeFeatureConfig } from './regime-features';
import type { RegimeInputs } from './regime-tracker';

export type FeatureStep =
  | { readonly kind: 'features'; readonly raw: Float64Array; readonly sequenceStart: boolean }
  | { readonly kind: 'warming-up' }
  /** The bar is at or before the last one seen: already counted. */
  | { readonly kind: 'stale' };

/**
 * Raw regime features of one series bar by bar, with the sequence rule both the fit and the live tracker
 * follow: a bar that does not follow the previous one directly (an exchange outage, missing history)
 * starts a new sequence. The indicators warm up again, so no return, volatility or ADX spans the hole,
 * and the HMM restarts from its initial distribution instead of counting a transition across it.
 */
export class FeatureStream {
  private readonly extractor: RegimeFeatureExtractor;
  private lastOpenTime: number | undefined;
  private newSequence = true;

  constructor(
    readonly timeframe: Timeframe,
    config?: RegimeFeatureConfig,
  ) {
    this.extractor = new RegimeFeatureExtractor(config);
  }

  get last(): number | undefined {
    return this.lastOpenTime;
  }

  push(candle: Candle, inputs?: RegimeInputs): FeatureStep {
    const last = this.lastOpenTime;
    if (last !== undefined && candle.openTime <= last) return { kind: 'stale' };
    if (last !== undefined && candle.openTime !== nextOpenTime(this.timeframe, last)) {
      this.extractor.reset();
      this.newSequence = true;
    }
    this.lastOpenTime = candle.openTime;
    const raw = this.extractor.update(candle, inputs);
    if (!raw) return { kind: 'warming-up' };
    const sequenceStart = this.newSequence;
    this.newSequence = false;
    return { kind: 'features', raw, sequenceStart };
  }
}
