import { divRound, unitsFromNumber, unitsToNumber, type Units } from '../core/money';
import type { Instrument } from '../model/instrument';
import { MONEY_SCALE, type OrderSide } from '../model/order';
import type { Signal } from '../model/signal';
import type { SizeOrder, SizingConfig } from '../risk/sizing-types';
import type { TradingMode } from './execution-views';
import type { ProposalRecord } from './order-journal';
import { deterministicIdFast } from './execution-engine';

/** What the factory needs to know about the account when it sizes a proposal (settlement currency, floats at this edge). */
export type AccountSnapshot = {
  /** Equity including open PnL, and cash free to open positions. */
  readonly equity: number;
  readonly available: number;
  /** Signed position in quantity units of the instrument (0n when flat). */
  readonly positionQuantity: Units;
};

/** One-line context strings for the trader, when the engine has them. */
export type ProposalContextSource = {
  readonly sentiment?: (signal: Signal) => string | undefined;
  readonly whales?: (signal: Signal) => string | undefined;
};

export type ProposalFactoryConfig = {
  readonly sizeOrder: SizeOrder;
  /** Sizing of a strategy's entries. */
  readonly sizing: (strategy: string) => SizingConfig;
  /** Taker fee rate, e.g. 0.00055; the estimate counts entry and exit. */
  readonly takerFeeRate: number;
  /** How long a proposal waits for a decision (default: one bar of its timeframe, at least a minute). */
  readonly ttlMs?: (timeframe: string) => number;
  /** Price may move this fraction from the entry before the proposal expires (default 0.5 %). */
  readonly priceBound?: number;
  /** The account's leverage on the venue (1 = fully funded); above 1 a proposal shows its liquidation price. */
  readonly leverage?: number;
  /** Maintenance margin rate used for the liquidation estimate of a leveraged entry (default 0.5 %). */
  readonly maintenanceMarginRate?: number;
  readonly context?: ProposalContextSource;
};

export type ProposalInput = {
  readonly signal: Signal;
  readonly instrument: Instrument;
  readonly account: AccountSnapshot;
  readonly mode: TradingMode;
  readonly now: number;
  /** The strategy's record, for Kelly sizing. */
  readonly winRate?: number;
  readonly payoffRatio?: number;
  readonly atr?: number;
};

export type ProposalOutcome = { readonly ok: true; readonly proposal: ProposalRecord } | { readonly ok: false; readonly reason: string };

const TIMEFRAME_MS: Readonly<Record<string, number>> = { '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 };

/** The id of the proposal made from a signal in a mode: the same signal seen again never makes a second one. */
export function proposalIdFor(signalId: string, mode: TradingMode): string {
  return deterministicIdFast('pr', `${signalId}\u001f${mode}`);
}

/**
 * Turns a strategy signal into a concrete order a trader can judge: side, entry, size (through the risk
 * code's sizing), stop and target, the loss at the stop with fees in money and as a share of equity, the
 * liquidation price when leveraged, and the regime, sentiment and whale context. An entry is proposed only
 * when flat in the symbol; a signal against the open position (or `flat`) proposes closing it, reduce-only.
 */
export class ProposalFactory {
  constructor(private readonly config: ProposalFactoryConfig) {}

  create(input: ProposalInput): ProposalOutcome {
    const { signal, instrument, account } = input;
    if (signal.suppressed) return { ok: false, reason: `the regime suppressed it: ${signal.suppressed}` };
    const position = account.positionQuantity;
    const wantsLong = signal.direction === 'long';
    if (signal.direction === 'flat' || (position > 0n && !wantsLong) || (position < 0n && wantsLong)) {
      if (position === 0n) return { ok: false, reason: 'flat signal and no position to close' };
      return this.build(input, position > 0n ? 'sell' : 'buy', position > 0n ? position : -position, true, undefined, undefined);
    }
    if (position !== 0n) return { ok: false, reason: `already ${position > 0n ? 'long' : 'short'} ${instrument.symbol}` };
    const side: OrderSide = wantsLong ? 'buy' : 'sell';
    const sizing = this.config.sizing(signal.strategy);
    // Optional inputs passed as undefined rather than spread in: one object shape, no per-signal spread.
    const sized = this.config.sizeOrder(sizing, {
      instrument,
      side,
      entry: signal.price,
      stop: signal.stop,
      equity: account.equity,
      available: account.available,
      atr: input.atr,
      regime: signal.regime,
      winRate: input.winRate,
      payoffRatio: input.payoffRatio,
    });
    if (!sized.ok) return { ok: false, reason: `no size: ${sized.reason}` };
    if (sized.quantity <= 0n) return { ok: false, reason: 'no size: the sizing gave zero' };
    return this.build(input, side, sized.quantity, false, signal.stop, signal.target, this.config.leverage ?? 1);
  }

  private build(input: ProposalInput, side: OrderSide, quantity: Units, reduceOnly: boolean, stop: number | undefined, target: number | undefined, leverage = 1): ProposalOutcome {
    const { signal, instrument, account, now, mode } = input;
    const { priceScale, quantityScale } = instrument;
    const entry = priceToUnits(signal.price, priceScale);
    if (entry <= 0n) return { ok: false, reason: 'the signal has no price' };
    const bound = this.config.priceBound ?? 0.005;
    const ttl = this.config.ttlMs?.(signal.timeframe) ?? Math.max(60_000, TIMEFRAME_MS[signal.timeframe] ?? 60_000);
    const sentimentContext = this.config.context?.sentiment?.(signal);
    const whaleContext = this.config.context?.whales?.(signal);
    // Built field by field (optional ones added only when present): a proposal per signal, so no spreads here.
    const draft: Mutable<ProposalRecord> = {
      id: proposalIdFor(signal.id, mode),
      signalId: signal.id,
      strategy: signal.strategy,
      venue: signal.venue,
      symbol: signal.symbol,
      timeframe: signal.timeframe,
      side,
      orderType: 'market',
      reduceOnly,
      entry,
      quantity,
      riskMoney: 0n,
      riskFraction: 0,
      estimatedFees: 0n,
      leverage,
      rationale: reduceOnly ? `Close the ${side === 'sell' ? 'long' : 'short'}: ${signal.rationale}` : signal.rationale,
      confidence: clamp01(signal.probability ?? signal.strength),
      status: 'pending',
      mode,
      createdAt: now,
      expiresAt: now + ttl,
      minPrice: scaleBy(entry, 1 - bound),
      maxPrice: scaleBy(entry, 1 + bound),
      priceScale,
      quantityScale,
    };
    if (stop !== undefined) draft.stop = priceToUnits(stop, priceScale);
    if (target !== undefined) draft.target = priceToUnits(target, priceScale);
    if (leverage > 1 && !reduceOnly) draft.liquidationPrice = liquidationPrice(entry, side, leverage, this.config.maintenanceMarginRate ?? 0.005);
    if (signal.regime !== undefined) draft.regime = signal.regime;
    if (sentimentContext) draft.sentimentContext = sentimentContext;
    if (whaleContext) draft.whaleContext = whaleContext;
    const preview = previewRisk(draft, account.equity, this.config.takerFeeRate);
    draft.riskMoney = preview.riskMoney;
    draft.riskFraction = preview.riskFraction;
    draft.estimatedFees = preview.estimatedFees;
    return { ok: true, proposal: draft };
  }
}

/**
 * The risk preview: fees for entry and exit at the taker rate; the loss at the stop plus fees; without a
 * stop, what a leveraged entry can lose before liquidation (its margin) or the whole notional. Closing a
 * position risks only its fee. Computed again after the trader changes size, price or stop.
 */
export function previewRisk(p: ProposalRecord, equity: number, takerFeeRate: number): Pick<ProposalRecord, 'riskMoney' | 'riskFraction' | 'estimatedFees'> {
  const notional = scaledProduct(p.entry, p.quantity, p.priceScale + p.quantityScale - MONEY_SCALE);
  const estimatedFees = feeOf(notional, takerFeeRate) * 2n;
  const loss =
    p.stop !== undefined
      ? scaledProduct(abs(p.entry - p.stop), p.quantity, p.priceScale + p.quantityScale - MONEY_SCALE)
      : p.leverage > 1
        ? divRound(notional * 1000n, BigInt(Math.round(p.leverage * 1000)))
        : notional;
  const riskMoney = p.reduceOnly ? estimatedFees / 2n : loss + estimatedFees;
  return { riskMoney, estimatedFees, riskFraction: equity > 0 ? unitsToNumber(riskMoney, MONEY_SCALE) / equity : 1 };
}

/** Isolated-margin estimate: the price where the loss eats the initial margin less the maintenance margin. */
export function liquidationPrice(entry: Units, side: OrderSide, leverage: number, maintenanceMarginRate: number): Units {
  const move = 1 / leverage - maintenanceMarginRate;
  return scaleBy(entry, side === 'buy' ? 1 - move : 1 + move);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** 10^k as bigint and number for the scales in use, computed once. */
const POW10N: bigint[] = Array.from({ length: 40 }, (_, k) => 10n ** BigInt(k));
const POW10: number[] = Array.from({ length: 40 }, (_, k) => 10 ** k);
const FAST_LIMIT = 2 ** 40;

/**
 * A float price to units, exactly as unitsFromNumber rounds it (through a decimal string, half away from zero)
 * but without the strings when the answer is certain: below 2^40 units the float product is within 2^-13 of the
 * true scaled value, so unless its fraction lies within 10^-3 of one half both roundings agree.
 */
export function priceToUnits(value: number, scale: number): Units {
  const x = Math.abs(value) * (POW10[scale] ?? 10 ** scale);
  if (x < FAST_LIMIT) {
    const whole = Math.floor(x);
    const fraction = x - whole;
    if (Math.abs(fraction - 0.5) > 1e-3) {
      const units = fraction > 0.5 ? whole + 1 : whole;
      return BigInt(value < 0 ? -units : units);
    }
  }
  return unitsFromNumber(value, scale);
}

function feeOf(notional: Units, rate: number): Units {
  return divRound(notional * BigInt(Math.round(rate * 1e8)), 100_000_000n);
}

/** units × factor, rounded, with the factor taken to 1e-9. */
function scaleBy(units: Units, factor: number): Units {
  return divRound(units * BigInt(Math.round(factor * 1e9)), 1_000_000_000n);
}

/** mulUnits with the power of ten looked up instead of computed: a × b shifted by `shift` decimals, rounded. */
function scaledProduct(a: Units, b: Units, shift: number): Units {
  const product = a * b;
  if (shift >= 0) return shift === 0 ? product : divRound(product, POW10N[shift] ?? 10n ** BigInt(shift));
  return product * (POW10N[-shift] ?? 10n ** BigInt(-shift));
}

function abs(x: bigint): bigint {
  return x < 0n ? -x : x;
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}
