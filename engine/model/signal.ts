import type { RegimeLabel, RegimeModulation } from './regime';

/** What a strategy wants: be long, be short, or be out of the market. */
export type SignalDirection = 'long' | 'short' | 'flat';

/**
 * What a strategy returns from a hook. Strategies only say what they see; sizing, orders and risk
 * belong to the risk and execution engines. Prices are suggestions in quote currency.
 */
export type StrategySignal = {
  readonly direction: SignalDirection;
  /** Conviction in [0, 1]. */
  readonly strength: number;
  readonly stop?: number;
  readonly target?: number;
  /** Why, in a sentence a trader reads in the approval queue. */
  readonly rationale: string;
  /** A learned strategy's probability for its direction, when it has one. */
  readonly probability?: number;
};

/** A signal as the engine records and publishes it: the strategy's words plus where, when and in which regime. */
export type Signal = StrategySignal & {
  readonly id: string;
  readonly strategy: string;
  readonly venue: string;
  readonly symbol: string;
  readonly timeframe: string;
  /** Open time of the closed bar that produced it. */
  readonly time: number;
  /** Close price of that bar: the reference price of the signal. */
  readonly price: number;
  readonly receivedAt: number;
  readonly regime?: RegimeLabel;
  readonly modulation?: RegimeModulation;
  /** Set when the regime modulation suppressed an entry: the signal is kept so the trader sees why. */
  readonly suppressed?: string;
};
