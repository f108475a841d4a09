import type { Candle } from '../model/candle';
import type { RegimeState } from '../model/regime';
import type { FlowSnapshot } from '../model/flow';
import type { SentimentAggregate } from '../model/sentiment';

/** Context known at a bar's close that the detector may use when present. */
export type RegimeInputs = {
  readonly sentiment?: SentimentAggregate;
  readonly flow?: FlowSnapshot;
};

/**
 * The online side of the regime detector for one series: fed each closed bar in order, it returns the
 * filtered belief after that bar (forward filtering only, so never anything after the bar), or
 * `undefined` while its features are warming up.
 */
export type RegimeTracker = {
  update(candle: Candle, inputs?: RegimeInputs): RegimeState | undefined;
};
