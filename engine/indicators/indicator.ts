import type { Candle } from '../model/candle';

/**
 * A streaming indicator: O(1) work and memory per update, fed one closed value or bar at a time.
 * `update` returns the new value, or `undefined` while the indicator is still warming up
 * (`warmUp` inputs are needed before the first value). The same objects serve research over arrays
 * through `indicatorSeries`, so live, backtest and research compute identical numbers.
 *
 * Price indicators take numbers (`Indicator<number, number>`); bar indicators (ATR, ADX, Stochastic,
 * OBV, VWAP…) take a `Candle`. Multi-output indicators return a readonly object (MACD, Bollinger…).
 */
export type Indicator<In, Out> = {
  update(input: In): Out | undefined;
  /** The last value, `undefined` during warm-up. */
  readonly value: Out | undefined;
  readonly isReady: boolean;
  /** Inputs consumed before the first value. */
  readonly warmUp: number;
  reset(): void;
};

export type PriceIndicator<Out = number> = Indicator<number, Out>;
export type BarIndicator<Out = number> = Indicator<Candle, Out>;
