import { ValidationError } from '../core/errors';

/** The kill switch's states: every order passes the limits / only reducing orders pass / nothing passes. */
export type RiskState = 'ACTIVE' | 'REDUCE_ONLY' | 'HALTED';

/**
 * Risk limits in the settlement currency and fractions (settings a trader types, not accounting);
 * the same names as the risk API's limits view. The rules are written in docs/sim-and-risk.md.
 */
export type RiskLimits = {
  /** Largest notional of one order. */
  readonly maxOrderNotional: number;
  /** Largest notional of one symbol's position after the order. */
  readonly maxPositionNotional: number;
  /** Σ |notional| and |Σ notional| over all symbols after the order. */
  readonly maxGrossExposure: number;
  readonly maxNetExposure: number;
  /** Largest share of equity one symbol's position may take (0.05 = 5 %). */
  readonly maxConcentration: number;
  /** Gross exposure over equity after the order. */
  readonly maxLeverage: number;
  /** Loss since the start of the UTC day (open PnL included) after which only reducing orders pass until the next day. */
  readonly dailyLossLimit: number;
  readonly maxOrdersPerMinute: number;
  /** After this many stop-outs in a row, new positions wait stopOutCooldownMinutes. */
  readonly stopOutCooldownCount: number;
  readonly stopOutCooldownMinutes: number;
  /** Drawdown of equity (open PnL included) from its peak that moves to REDUCE_ONLY, and to HALTED. */
  readonly reduceOnlyDrawdown: number;
  readonly haltDrawdown: number;
};

/** Defaults for a small account; backtests that size a whole account into one symbol raise maxConcentration. */
export const DEFAULT_RISK_LIMITS: RiskLimits = {
  maxOrderNotional: 50_000,
  maxPositionNotional: 100_000,
  maxGrossExposure: 200_000,
  maxNetExposure: 200_000,
  maxConcentration: 0.05,
  maxLeverage: 3,
  dailyLossLimit: 1_000,
  maxOrdersPerMinute: 60,
  stopOutCooldownCount: 3,
  stopOutCooldownMinutes: 60,
  reduceOnlyDrawdown: 0.1,
  haltDrawdown: 0.2,
};

/** Merges `changes` into `base`, refusing values no trader could mean. */
export function mergeRiskLimits(base: RiskLimits, changes: Partial<RiskLimits>): RiskLimits {
  const next: RiskLimits = { ...base, ...changes };
  for (const [key, value] of Object.entries(next)) {
    if (typeof value !== 'number' || !(value >= 0) || Number.isNaN(value)) throw new ValidationError(`risk limit ${key} must be a number ≥ 0, not ${String(value)}`);
  }
  for (const key of ['reduceOnlyDrawdown', 'haltDrawdown'] as const) {
    if (!(next[key] > 0 && next[key] <= 1)) throw new ValidationError(`risk limit ${key} must be a fraction in (0, 1], not ${next[key]}`);
  }
  if (!(next.maxConcentration > 0)) throw new ValidationError('maxConcentration must be positive');
  if (next.reduceOnlyDrawdown > next.haltDrawdown) throw new ValidationError('the REDUCE_ONLY drawdown must not exceed the HALTED drawdown');
  if (!Number.isInteger(next.maxOrdersPerMinute) || next.maxOrdersPerMinute < 1) throw new ValidationError('maxOrdersPerMinute must be a whole number ≥ 1');
  if (!Number.isInteger(next.stopOutCooldownCount) || next.stopOutCooldownCount < 1) throw new ValidationError('stopOutCooldownCount must be a whole number ≥ 1');
  if (!(next.maxLeverage > 0)) throw new ValidationError('maxLeverage must be positive');
  return next;
}
