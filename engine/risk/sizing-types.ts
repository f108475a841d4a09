import type { Units } from '../core/money';
import type { Instrument } from '../model/instrument';
import type { OrderSide } from '../model/order';
import type { RegimeLabel } from '../model/regime';

/**
 * How big an entry is. The same modes size backtests, paper and live orders.
 * - fixed-quantity: that many base units (rounded down to the lot step).
 * - equity-fraction: notional = fraction × equity.
 * - all-equity: as many whole lot steps as available cash buys (whole shares for a stock series).
 * - risk-per-trade: loss at the stop = riskFraction × equity, so quantity = that / |entry − stop|; needs a stop.
 * - volatility-target: as risk-per-trade with the stop distance atrMultiple × ATR.
 * - kelly: fraction of equity from the Kelly formula on the strategy's win rate and payoff, times
 *   kellyFraction, capped at maxFraction.
 */
export type SizingMode =
  | { readonly mode: 'fixed-quantity'; readonly quantity: number }
  | { readonly mode: 'equity-fraction'; readonly fraction: number }
  | { readonly mode: 'all-equity' }
  | { readonly mode: 'risk-per-trade'; readonly riskFraction: number }
  | { readonly mode: 'volatility-target'; readonly riskFraction: number; readonly atrMultiple: number }
  | { readonly mode: 'kelly'; readonly kellyFraction: number; readonly maxFraction: number };

/** Multipliers on the size by regime; the defaults lean in when volatility is low and back off when high. */
export type RegimeSizeMultipliers = Readonly<Record<RegimeLabel, number>>;

/** Range is the low-volatility regime (+20 %), stress the high-volatility one (−40 %). */
export const DEFAULT_REGIME_SIZE_MULTIPLIERS: RegimeSizeMultipliers = { 'trend-up': 1, 'trend-down': 1, range: 1.2, stress: 0.6 };

export type SizingConfig = {
  readonly sizing: SizingMode;
  readonly regimeMultipliers?: RegimeSizeMultipliers;
  /** Leverage the size may use; 1 = spot-like, notional ≤ equity. */
  readonly maxLeverage?: number;
};

export type SizingInput = {
  readonly instrument: Instrument;
  readonly side: OrderSide;
  /** Expected entry price (quote per base). */
  readonly entry: number;
  readonly stop?: number;
  /** Account equity including open PnL, and cash free to open positions, in quote currency. */
  readonly equity: number;
  readonly available: number;
  readonly atr?: number;
  readonly regime?: RegimeLabel;
  /** The strategy's record, for Kelly: win rate in [0, 1] and average win / average loss. */
  readonly winRate?: number;
  readonly payoffRatio?: number;
};

/** Quantity in the instrument's quantity units, rounded down to its lot step; zero with a reason when no trade fits. */
export type SizingResult =
  | { readonly ok: true; readonly quantity: Units; readonly notional: number; readonly riskMoney: number }
  | { readonly ok: false; readonly reason: string };

/** Implemented in sizing.ts: pure, deterministic, fast enough for optimisation sweeps (no allocation on the hot path beyond the result). */
export type SizeOrder = (config: SizingConfig, input: SizingInput) => SizingResult;
