import { ValidationError } from '../../core/errors';

/**
 * How the sim venue turns bars (or live trades) into fills. The rules are written down in
 * docs/sim-and-risk.md; every field has a default, so `{}` is a valid configuration.
 */
export type SlippageModel =
  | { readonly kind: 'none' }
  /** A fixed adverse move of `bps` basis points on every taker fill. */
  | { readonly kind: 'fixed'; readonly bps: number }
  /**
   * bps = baseBps + rangeFactor × rangeBps + volumeImpactBps × min(1, quantity / barVolume), capped at maxBps,
   * where rangeBps = (high − low) / open × 10 000 of the bar the order fills in.
   */
  | { readonly kind: 'scaled'; readonly baseBps: number; readonly rangeFactor: number; readonly volumeImpactBps: number; readonly maxBps?: number };

export type FundingConfig = {
  /** Rate per interval as a fraction (0.0001 = 0.01 %); positive: longs pay shorts. A function gives historical rates. */
  readonly rate: number | ((time: number) => number);
  /** Funding times are the multiples of this interval since the epoch (8 h: 00:00, 08:00, 16:00 UTC). */
  readonly intervalMs?: number;
};

export type SimConfig = {
  /** Market orders fill at the next bar's open (default) or at the close of the bar they were sent on. */
  readonly marketFill?: 'next-open' | 'signal-close';
  /** Limit orders need price to trade THROUGH the limit (default) or only to touch it. */
  readonly limitFill?: 'trade-through' | 'touch';
  /** Fees in basis points of notional; 0 allowed, negative = rebate. */
  readonly makerFeeBps?: number;
  readonly takerFeeBps?: number;
  readonly slippage?: SlippageModel;
  /** Perpetual funding; off when absent. */
  readonly funding?: FundingConfig;
};

export const DEFAULT_FUNDING_INTERVAL_MS = 8 * 3600_000;

export type ResolvedSimConfig = {
  readonly marketFill: 'next-open' | 'signal-close';
  readonly touchFills: boolean;
  /** Fee rates in millionths (bps × 100), so a fee is an exact integer product. */
  readonly makerFeePpm: bigint;
  readonly takerFeePpm: bigint;
  readonly slippage: SlippageModel;
  readonly funding?: { readonly rateAt: (time: number) => number; readonly intervalMs: number };
};

/** Fills the defaults and refuses nonsense with a clear error. */
export function resolveSimConfig(config: SimConfig = {}): ResolvedSimConfig {
  const maker = config.makerFeeBps ?? 0;
  const taker = config.takerFeeBps ?? 0;
  for (const [name, bps] of [
    ['maker fee', maker],
    ['taker fee', taker],
  ] as const) {
    if (!Number.isFinite(bps) || Math.abs(bps) > 10_000) throw new ValidationError(`${name} ${bps} bps is not a number of basis points within ±10,000`);
  }
  const slippage = config.slippage ?? { kind: 'none' };
  if (slippage.kind === 'fixed' && !(slippage.bps >= 0)) throw new ValidationError(`slippage ${slippage.bps} bps must be ≥ 0`);
  if (slippage.kind === 'scaled') {
    const parts = [slippage.baseBps, slippage.rangeFactor, slippage.volumeImpactBps, slippage.maxBps ?? 0];
    if (!parts.every((v) => v >= 0 && Number.isFinite(v))) throw new ValidationError('scaled slippage needs finite, non-negative parameters');
  }
  let funding: ResolvedSimConfig['funding'];
  if (config.funding) {
    const { rate } = config.funding;
    const intervalMs = config.funding.intervalMs ?? DEFAULT_FUNDING_INTERVAL_MS;
    if (!(intervalMs > 0) || !Number.isInteger(intervalMs)) throw new ValidationError(`funding interval ${intervalMs} ms is not a positive integer`);
    if (typeof rate === 'number' && !Number.isFinite(rate)) throw new ValidationError(`funding rate ${rate} is not a number`);
    funding = { rateAt: typeof rate === 'number' ? () => rate : rate, intervalMs };
  }
  return {
    marketFill: config.marketFill ?? 'next-open',
    touchFills: config.limitFill === 'touch',
    makerFeePpm: BigInt(Math.round(maker * 100)),
    takerFeePpm: BigInt(Math.round(taker * 100)),
    slippage,
    ...(funding ? { funding } : {}),
  };
}
