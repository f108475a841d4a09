import type { RegimeSizeMultipliers, SizingConfig, SizingMode } from '../risk/sizing-types';
import type { Decider, ProposalStatus } from '../model/proposal';
import type { Liquidity, OrderSide, OrderStatus, OrderType, TimeInForce } from '../model/order';
import type { RegimeLabel } from '../model/regime';
import type { RiskLimits, RiskState } from '../risk/risk-config';

/**
 * What the execution side shows over the API. Views are JSON: money, prices and quantities are decimal
 * strings (exact, from formatUnits), ratios and times are numbers. Never a bigint.
 */

/** Paper trades the sim venue on live data; live sends real orders to the venue. */
export type TradingMode = 'paper' | 'live';

/** The sentence a trader types to switch to live trading; nothing shorter will do. */
export const LIVE_CONFIRMATION = 'I understand that live trading sends real orders with real money';

export type ProposalView = {
  readonly id: string;
  readonly signalId: string;
  readonly strategy: string;
  readonly venue: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly side: OrderSide;
  readonly orderType: 'market' | 'limit';
  /** Whether the proposal only closes (part of) a position. */
  readonly reduceOnly: boolean;
  readonly entry: string;
  readonly quantity: string;
  /** entry × quantity in the settlement currency. */
  readonly notional: string;
  readonly stop?: string;
  readonly target?: string;
  /** Loss at the stop, fees included; and that loss as a fraction of equity. */
  readonly riskMoney: string;
  readonly riskFraction: number;
  readonly estimatedFees: string;
  readonly leverage: number;
  readonly liquidationPrice?: string;
  readonly regime?: RegimeLabel;
  readonly sentimentContext?: string;
  readonly whaleContext?: string;
  readonly rationale: string;
  /** The signal's strength (or probability) in [0, 1]. */
  readonly confidence: number;
  readonly status: ProposalStatus;
  readonly mode: TradingMode;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** While snoozed: when the proposal comes back to the queue. */
  readonly snoozedUntil?: number;
  readonly minPrice?: string;
  readonly maxPrice?: string;
  readonly decidedAt?: number;
  readonly decidedBy?: Decider;
  /** The order sent for it, once approved. */
  readonly clientOrderId?: string;
  /** Why it was rejected, expired or failed. */
  readonly reason?: string;
};

export type OrderView = {
  readonly clientOrderId: string;
  readonly venue: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly type: OrderType;
  readonly quantity: string;
  readonly price?: string;
  readonly triggerPrice?: string;
  readonly timeInForce: TimeInForce;
  readonly reduceOnly: boolean;
  readonly stopLoss?: string;
  readonly takeProfit?: string;
  readonly proposalId?: string;
  readonly strategy?: string;
  readonly status: OrderStatus;
  readonly venueOrderId?: string;
  readonly filledQuantity: string;
  readonly averagePrice?: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly reason?: string;
};

export type FillView = {
  readonly id: string;
  readonly clientOrderId: string;
  readonly venueOrderId?: string;
  readonly venue: string;
  readonly symbol: string;
  readonly side: OrderSide;
  readonly quantity: string;
  readonly price: string;
  readonly fee: string;
  readonly liquidity: Liquidity;
  readonly time: number;
  readonly receivedAt: number;
};

export type PositionView = {
  readonly venue: string;
  readonly symbol: string;
  /** Signed: positive long, negative short. */
  readonly quantity: string;
  readonly side: 'long' | 'short' | 'flat';
  readonly entryPrice: string;
  readonly markPrice?: string;
  readonly notional: string;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly leverage: number;
  readonly liquidationPrice?: string;
  readonly updatedAt: number;
};

export type BalanceView = {
  readonly venue: string;
  readonly asset: string;
  readonly total: string;
  readonly free: string;
  readonly updatedAt: number;
};

export type ExposureView = {
  readonly venue: string;
  readonly symbol: string;
  /** Signed notional at the mark price: positive long, negative short. */
  readonly notional: string;
  /** |notional| / equity. */
  readonly fraction: number;
};

export type PortfolioView = {
  readonly mode: TradingMode;
  readonly venue: string;
  readonly currency: string;
  readonly equity: string;
  readonly cash: string;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
  readonly grossExposure: string;
  readonly netExposure: string;
  readonly positions: readonly PositionView[];
  readonly balances: readonly BalanceView[];
  readonly exposure: readonly ExposureView[];
  readonly updatedAt: number;
};

/** What a paper reset did: the old account as it ended, the fresh one's starting cash, and what was cancelled or dropped. */
export type PaperResetView = {
  readonly venue: string;
  readonly currency: string;
  readonly at: number;
  /** Starting cash of the fresh account (money as decimal strings of `currency`). */
  readonly initialCash: string;
  readonly previousInitialCash: string;
  /** The old account at the reset: equity with open PnL, and realized PnL net of fees and funding. */
  readonly previousEquity: string;
  readonly previousRealizedPnl: string;
  readonly positionsClosed: number;
  readonly ordersCancelled: number;
  /** Proposals that were waiting for a decision, sized for the old account. */
  readonly proposalsExpired: number;
  /** Where the old account's fills, funding and equity curve went; absent for an account kept only in memory. */
  readonly archive?: { readonly resetId: number; readonly fills: number; readonly fundingPayments: number; readonly equityPoints: number };
  /** The kill switch is left as it was: a halt still needs a resume. */
  readonly riskState: RiskState;
};

export type EquityPointView = {
  readonly time: number;
  readonly equity: string;
  readonly realizedPnl: string;
  readonly unrealizedPnl: string;
};

/** The kill switch's state and the limits, as the risk engine defines them (numbers: settings a trader types). */
export type { RiskState, RiskLimits as RiskLimitsView } from '../risk/risk-config';

export type RiskUsageView = {
  readonly equity: string;
  readonly grossExposure: number;
  readonly netExposure: number;
  readonly leverage: number;
  readonly largestConcentration?: { readonly symbol: string; readonly fraction: number };
  readonly dailyPnl: number;
  readonly ordersLastMinute: number;
  readonly drawdown: number;
  readonly cooldownUntil?: number;
};

export type VarView = {
  /** Confidence level, e.g. 0.95. */
  readonly confidence: number;
  /** One-day historical value at risk and conditional VaR, as positive losses in the settlement currency. */
  readonly var: number;
  readonly cvar: number;
  readonly observations: number;
};

export type RiskView = {
  readonly state: RiskState;
  readonly reason?: string;
  readonly limits: RiskLimits;
  readonly usage: RiskUsageView;
  /** Null until there is enough history to estimate it. */
  readonly valueAtRisk: VarView | null;
  readonly updatedAt: number;
};

/** How a strategy's proposals are approved. */
export type ApprovalPolicy =
  | { readonly kind: 'manual' }
  | {
      readonly kind: 'auto-within-limits';
      /** Largest notional approved without the trader, in the settlement currency. */
      readonly maxNotional: number;
      /** Regimes in which the policy approves; empty = none. */
      readonly allowedRegimes: readonly RegimeLabel[];
      readonly minConfidence: number;
    }
  | { readonly kind: 'auto-paper-only' };

export type PolicyView = {
  readonly strategy: string;
  readonly policy: ApprovalPolicy;
  /** Automation off: every proposal of the strategy waits for the trader, whatever its policy says. */
  readonly automation: boolean;
  readonly updatedAt: number;
};

export type AuditAction =
  | 'proposed'
  | 'approved'
  | 'rejected'
  | 'modified'
  | 'snoozed'
  | 'unsnoozed'
  | 'expired'
  | 'submitted'
  | 'failed'
  | 'policy-set'
  | 'automation-set'
  | 'mode-set'
  | 'limits-set'
  | 'kill'
  | 'resume'
  | 'cancel-requested'
  | 'sizing-set'
  | 'paper-reset';

/** Who acted: the trader, a named policy, or the engine itself (expiry, risk, reconciliation). */
export type Actor = Decider | { readonly kind: 'system'; readonly component: string };

export type AuditEntryView = {
  readonly id: number;
  readonly at: number;
  readonly action: AuditAction;
  readonly actor: Actor;
  readonly proposalId?: string;
  readonly strategy?: string;
  /** A sentence: what changed and why. */
  readonly detail: string;
};

export type TradingModeView = {
  readonly mode: TradingMode;
  /** The venue orders go to in this mode. */
  readonly venue: string;
  /** Whether live trading can be switched on (a live execution client and keys are configured). */
  readonly liveAvailable: boolean;
  readonly liveUnavailableReason?: string;
  /** The phrase trading.setMode needs to switch to live. */
  readonly confirmation: string;
  readonly automation: Readonly<Record<string, boolean>>;
  readonly riskState: RiskState;
  readonly updatedAt: number;
};

/** How a strategy's entries are sized (the risk engine's sizing modes; numbers only, JSON as it is). */
export type StrategySizingView = {
  readonly strategy: string;
  readonly sizing: SizingMode;
  readonly regimeMultipliers?: RegimeSizeMultipliers;
  readonly maxLeverage?: number;
  /** True while the strategy has no sizing of its own and uses the default. */
  readonly isDefault: boolean;
  readonly updatedAt?: number;
};

export type TradingSizingView = {
  readonly default: SizingConfig;
  /** Strategies with a sizing of their own (or the one asked for). */
  readonly strategies: readonly StrategySizingView[];
};
