import type { Clock } from '../../core/clock';
import type { Units } from '../../core/money';
import type { Instrument } from '../../model/instrument';
import type { Fill, Order } from '../../model/order';
import type { SimConfig } from './sim-config';
import type { SimOrderRole } from './sim-order';

/** A funding payment at a funding time: positive `payment` is paid BY the account (MONEY_SCALE units). */
export type SimFundingEvent = {
  readonly venue: string;
  readonly symbol: string;
  readonly time: number;
  readonly rate: number;
  /** Mark price used (the open of the bar at the funding time), in price units. */
  readonly markPrice: Units;
  readonly quantity: Units;
  readonly payment: Units;
};

export type SimMatcherEvents = {
  readonly onOrder?: (order: Order, role: SimOrderRole) => void;
  readonly onFill?: (fill: Fill, order: Order, role: SimOrderRole) => void;
  readonly onFunding?: (event: SimFundingEvent) => void;
};

/** Accounting fed straight from the matcher (a Portfolio), before the events and without building order views. */
export type SimAccountingSink = {
  applyFill(fill: Fill): unknown;
  applyFunding(symbol: string, payment: Units, time: number): void;
};

export type SimMatcherOptions = {
  readonly instruments: readonly Instrument[];
  readonly clock: Clock;
  readonly venue?: string;
  readonly config?: SimConfig;
  readonly events?: SimMatcherEvents;
  readonly accounting?: SimAccountingSink;
  /**
   * Put into every fill id and venue order id (`sim-<prefix>fill-7`). Backtests leave it empty and stay
   * deterministic; a paper venue that restarts gives each run its own, so ids never repeat across runs.
   */
  readonly idPrefix?: string;
  /** Match every bar instead of skipping bars no order can reach: the same fills, slower; for checking the skip. */
  readonly exhaustive?: boolean;
  /**
   * Forget an order once it is finished (filled, cancelled, expired): `order`, `record`, `cancel` and `amend` no
   * longer know it, and its id is not kept for idempotent re-submission. For a backtest's direct order path, which
   * never asks about a finished order and never sends an id twice, so that thousands of finished orders are not
   * held until the test ends. A paper or live venue keeps them (the default).
   */
  readonly forgetFinished?: boolean;
};
