import type { Units } from '../core/money';
import type { OrderSide } from './order';
import type { RegimeLabel } from './regime';

export type ProposalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'snoozed' | 'submitted' | 'failed';

/** Who decided: the trader (in the window or on Telegram) or a named policy. */
export type Decider =
  /** `device`: the name of the paired device that decided, when it was not this computer's own window. */
  | { readonly kind: 'trader'; readonly via: 'ui' | 'telegram' | 'cli'; readonly device?: string }
  | { readonly kind: 'policy'; readonly policy: string };

/**
 * A strategy signal turned into a concrete order the trader can approve: sized by the risk engine,
 * with its risk preview and the context that explains it. Prices in the instrument's price units,
 * quantity in its quantity units, money in MONEY_SCALE units.
 */
export type Proposal = {
  readonly id: string;
  readonly signalId: string;
  readonly strategy: string;
  readonly venue: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly side: OrderSide;
  readonly orderType: 'market' | 'limit';
  /** Reference entry price (the limit price for limit orders). */
  readonly entry: Units;
  readonly quantity: Units;
  readonly stop?: Units;
  readonly target?: Units;
  /** Loss at the stop, fees included, and that loss as a fraction of equity. */
  readonly riskMoney: Units;
  readonly riskFraction: number;
  readonly estimatedFees: Units;
  readonly leverage: number;
  readonly liquidationPrice?: Units;
  readonly regime?: RegimeLabel;
  /** One-line summaries of the sentiment and whale context when the engine has them. */
  readonly sentimentContext?: string;
  readonly whaleContext?: string;
  readonly rationale: string;
  readonly status: ProposalStatus;
  readonly createdAt: number;
  /** The proposal expires at this time, or earlier when price leaves [minPrice, maxPrice]. */
  readonly expiresAt: number;
  readonly minPrice?: Units;
  readonly maxPrice?: Units;
  readonly decidedAt?: number;
  readonly decidedBy?: Decider;
};
