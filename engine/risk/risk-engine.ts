import type { Clock } from '../core/clock';
import type { Units } from '../core/money';
import type { Instrument } from '../model/instrument';
import type { OrderRequest } from '../model/order';
import { DEFAULT_RISK_LIMITS, mergeRiskLimits, type RiskLimits, type RiskState } from './risk-config';

/** What the engine knows of the account when an order is checked (floats in the settlement currency). */
export type RiskCheckContext = {
  readonly instrument: Pick<Instrument, 'symbol' | 'priceScale' | 'quantityScale'>;
  /** Reference price of the symbol (last trade or close); a limit or stop order's own price is used instead when it has one. */
  readonly price: number;
  /** Equity including open PnL. */
  readonly equity: number;
  /** Signed position of the order's symbol, quantity units. */
  readonly position: Units;
  /** Signed notional per symbol at the marks, and their gross and net (Portfolio.exposure()). */
  readonly exposure: { readonly bySymbol: ReadonlyMap<string, number>; readonly gross: number; readonly net: number };
};

export type RiskRule =
  | 'halted'
  | 'reduce-only'
  | 'order-rate'
  | 'cooldown'
  | 'no-equity'
  | 'order-notional'
  | 'position'
  | 'concentration'
  | 'gross-exposure'
  | 'net-exposure'
  | 'leverage';

export type RiskDecision = { readonly ok: true; readonly reducing: boolean } | { readonly ok: false; readonly rule: RiskRule; readonly reason: string };

/** Why the kill switch is where it is: a drawdown and a manual kill need a resume; a daily loss clears at the next UTC day. */
export type RiskTrip = 'drawdown' | 'daily-loss' | 'manual';

export type RiskStateChange = {
  readonly state: RiskState;
  readonly previous: RiskState;
  readonly reason: string;
  readonly trip?: RiskTrip;
  readonly at: number;
};

/** What survives a restart: the kill switch above all, so a halted engine comes back halted. */
export type PersistedRisk = {
  readonly state: RiskState;
  readonly reason?: string;
  readonly trip?: RiskTrip;
  readonly peakEquity: number;
  readonly day: number;
  readonly dayStartEquity: number;
  readonly cooldownUntil: number;
  readonly stopOuts: number;
  readonly limits: RiskLimits;
  readonly updatedAt: number;
};

export type RiskStateStore = {
  load(): PersistedRisk | undefined;
  save(state: PersistedRisk): void;
  recordChange?(change: RiskStateChange): void;
};

export type RiskEngineOptions = {
  readonly clock: Clock;
  readonly limits?: Partial<RiskLimits>;
  readonly store?: RiskStateStore;
  readonly onStateChange?: (change: RiskStateChange) => void;
};

export type RiskUsage = {
  readonly state: RiskState;
  readonly reason?: string;
  readonly equity: number;
  readonly peakEquity: number;
  /** Fraction below the peak, 0 at a new high. */
  readonly drawdown: number;
  readonly dailyPnl: number;
  readonly ordersLastMinute: number;
  readonly cooldownUntil?: number;
};

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * Every order passes `check` before it reaches a venue (backtest, paper and live alike). Limits and
 * the kill switch are in docs/sim-and-risk.md. Equity comes in through `onEquity` (the kernel calls it
 * per bar or tick: a few comparisons) and through each check's context; time only from the Clock.
 * ACTIVE → REDUCE_ONLY on a drawdown of reduceOnlyDrawdown from the peak or a daily loss of
 * dailyLossLimit; → HALTED on haltDrawdown or a manual kill; back to ACTIVE by `resume()` (or, for a
 * daily-loss trip alone, at the next UTC day).
 */
export class RiskEngine {
  private readonly clock: Clock;
  private readonly store: RiskStateStore | undefined;
  private readonly listeners = new Set<(change: RiskStateChange) => void>();
  private current: RiskLimits;
  private stateNow: RiskState = 'ACTIVE';
  private reasonNow: string | undefined;
  private trip: RiskTrip | undefined;
  private equityNow = Number.NaN;
  private peak = Number.NaN;
  private savedPeak = Number.NaN;
  private day = Number.NaN;
  private dayStartEquity = Number.NaN;
  private cooldownUntil = 0;
  private stopOuts = 0;
  /** Precomputed equity levels below which the switch moves, so onEquity is a few comparisons. */
  private reduceLevel = Number.NEGATIVE_INFINITY;
  private haltLevel = Number.NEGATIVE_INFINITY;
  private dailyLevel = Number.NEGATIVE_INFINITY;
  private readonly orderTimes: number[] = [];

  constructor(options: RiskEngineOptions) {
    this.clock = options.clock;
    this.store = options.store;
    if (options.onStateChange) this.listeners.add(options.onStateChange);
    const saved = this.store?.load();
    this.current = mergeRiskLimits(saved?.limits ?? DEFAULT_RISK_LIMITS, options.limits ?? {});
    if (saved) {
      this.stateNow = saved.state;
      this.reasonNow = saved.reason;
      this.trip = saved.trip;
      this.peak = saved.peakEquity;
      this.savedPeak = saved.peakEquity;
      this.day = saved.day;
      this.dayStartEquity = saved.dayStartEquity;
      this.cooldownUntil = saved.cooldownUntil;
      this.stopOuts = saved.stopOuts;
    }
    this.levels();
  }

  state(): RiskState {
    return this.stateNow;
  }

  limits(): RiskLimits {
    return this.current;
  }

  /** Changes the named limits (validated); the kill-switch levels follow at once. */
  setLimits(changes: Partial<RiskLimits>): RiskLimits {
    this.current = mergeRiskLimits(this.current, changes);
    this.levels();
    this.persist();
    if (!Number.isNaN(this.equityNow)) this.onEquity(this.equityNow);
    return this.current;
  }

  /** Listens to kill-switch transitions; returns a function that stops listening. */
  onStateChange(listener: (change: RiskStateChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Feeds equity including open PnL (per bar, per tick or per portfolio update) and moves the kill
   * switch. Returns the state after it.
   */
  onEquity(equity: number, time: number = this.clock.now()): RiskState {
    if (!Number.isFinite(equity)) return this.stateNow;
    this.equityNow = equity;
    if (!(time < (this.day + 1) * DAY_MS)) this.newDay(time, equity);
    if (equity > this.peak || Number.isNaN(this.peak)) {
      this.peak = equity;
      this.levels();
      if (this.store && !(equity < this.savedPeak * 1.005)) this.persist();
    }
    if (this.stateNow === 'HALTED') return this.stateNow;
    if (equity <= this.haltLevel) {
      this.move('HALTED', `equity ${round(equity)} is ${pct(this.drawdown())} below its peak ${round(this.peak)} (halt at ${pct(this.current.haltDrawdown)})`, 'drawdown', time);
    } else if (this.stateNow === 'ACTIVE') {
      if (equity <= this.reduceLevel) {
        this.move('REDUCE_ONLY', `equity ${round(equity)} is ${pct(this.drawdown())} below its peak ${round(this.peak)} (reduce-only at ${pct(this.current.reduceOnlyDrawdown)})`, 'drawdown', time);
      } else if (equity <= this.dailyLevel) {
        this.move('REDUCE_ONLY', `loss today ${round(this.dayStartEquity - equity)} reached the daily limit ${round(this.current.dailyLossLimit)}`, 'daily-loss', time);
      }
    }
    return this.stateNow;
  }

  /**
   * Decides whether an order may go to the venue, and counts it for the order-rate limit when it may.
   * Orders that only reduce a position (reduce-only, or opposite the position and no larger) pass
   * every limit except HALTED: risk must always be able to come down.
   */
  check(request: OrderRequest, context: RiskCheckContext): RiskDecision {
    const decision = this.preview(request, context);
    if (decision.ok) this.orderTimes.push(this.clock.now());
    return decision;
  }

  /** `check` without counting the order: the risk preview of a proposal. */
  preview(request: OrderRequest, context: RiskCheckContext): RiskDecision {
    const now = this.clock.now();
    this.onEquity(context.equity, now);
    if (this.stateNow === 'HALTED') return reject('halted', `trading is halted by the kill switch: ${this.reasonNow ?? 'no reason given'}`);
    const { position } = context;
    const buy = request.side === 'buy';
    const reducing = request.reduceOnly || (position !== 0n && buy === position < 0n && request.quantity <= (position < 0n ? -position : position));
    if (reducing) return { ok: true, reducing: true };
    if (this.stateNow === 'REDUCE_ONLY') return reject('reduce-only', `only reducing orders pass: ${this.reasonNow ?? 'reduce-only'}`);
    const limits = this.current;
    const recent = this.ordersInLastMinute(now);
    if (recent >= limits.maxOrdersPerMinute) return reject('order-rate', `${recent} orders in the last minute reach the limit of ${limits.maxOrdersPerMinute}`);
    if (now < this.cooldownUntil) return reject('cooldown', `cooling down after ${limits.stopOutCooldownCount} stop-outs in a row until ${new Date(this.cooldownUntil).toISOString()}`);
    const equity = context.equity;
    if (!(equity > 0)) return reject('no-equity', `equity ${round(equity)} leaves nothing to risk`);

    const { instrument } = context;
    const priceUnits = request.type === 'limit' || request.type === 'stop-limit' ? request.price : request.type === 'stop-market' ? request.triggerPrice : undefined;
    const price = priceUnits !== undefined ? Number(priceUnits) / 10 ** instrument.priceScale : context.price;
    if (!(price > 0)) return reject('order-notional', `no price to value the order at (${price})`);
    const quantity = Number(request.quantity) / 10 ** instrument.quantityScale;
    const notional = quantity * price;
    if (notional > limits.maxOrderNotional) return reject('order-notional', `order notional ${round(notional)} exceeds the limit ${round(limits.maxOrderNotional)}`);
    const held = (Number(position) / 10 ** instrument.quantityScale) * price;
    const after = held + (buy ? notional : -notional);
    if (Math.abs(after) > limits.maxPositionNotional) return reject('position', `position notional ${round(Math.abs(after))} would exceed the limit ${round(limits.maxPositionNotional)}`);
    const concentration = Math.abs(after) / equity;
    if (concentration > limits.maxConcentration) {
      return reject('concentration', `${instrument.symbol} would be ${pct(concentration)} of equity, above the limit ${pct(limits.maxConcentration)}`);
    }
    const marked = context.exposure.bySymbol.get(instrument.symbol) ?? 0;
    const gross = context.exposure.gross - Math.abs(marked) + Math.abs(after);
    const net = context.exposure.net - marked + after;
    if (gross > limits.maxGrossExposure) return reject('gross-exposure', `gross exposure ${round(gross)} would exceed the limit ${round(limits.maxGrossExposure)}`);
    if (Math.abs(net) > limits.maxNetExposure) return reject('net-exposure', `net exposure ${round(net)} would exceed the limit ${round(limits.maxNetExposure)}`);
    if (gross / equity > limits.maxLeverage) return reject('leverage', `leverage ${(gross / equity).toFixed(2)}× would exceed the limit ${limits.maxLeverage}×`);
    return { ok: true, reducing: false };
  }

  /** Records how a position ended: N stop-outs in a row start the cooldown; any other exit resets the count. */
  recordExit(kind: 'stop' | 'other', time: number = this.clock.now()): void {
    if (kind !== 'stop') {
      this.stopOuts = 0;
      return;
    }
    this.stopOuts++;
    if (this.stopOuts >= this.current.stopOutCooldownCount) {
      this.stopOuts = 0;
      this.cooldownUntil = time + this.current.stopOutCooldownMinutes * MINUTE_MS;
    }
    this.persist();
  }

  /** The manual kill switch: nothing passes until `resume`. */
  kill(reason = 'stopped by the trader'): RiskState {
    this.move('HALTED', reason, 'manual', this.clock.now());
    return this.stateNow;
  }

  /** Back to ACTIVE; the peak and the day's start restart from the current equity, so the same drawdown does not trip again at once. */
  resume(reason = 'resumed by the trader'): RiskState {
    if (!Number.isNaN(this.equityNow)) {
      this.peak = this.equityNow;
      this.dayStartEquity = this.equityNow;
      this.levels();
    }
    this.move('ACTIVE', reason, undefined, this.clock.now());
    return this.stateNow;
  }

  /**
   * A fresh account (a paper reset): the peak and the day's start restart from its equity, so the old
   * account's losses neither trip nor count against it. The kill switch stays where it is: a halt is
   * lifted only by `resume`.
   */
  rebase(equity: number): void {
    if (!Number.isFinite(equity)) return;
    this.equityNow = equity;
    this.peak = equity;
    this.savedPeak = equity;
    this.day = Math.floor(this.clock.now() / DAY_MS);
    this.dayStartEquity = equity;
    this.levels();
    this.persist();
  }

  usage(): RiskUsage {
    const now = this.clock.now();
    return {
      state: this.stateNow,
      ...(this.reasonNow !== undefined ? { reason: this.reasonNow } : {}),
      equity: this.equityNow,
      peakEquity: this.peak,
      drawdown: this.drawdown(),
      dailyPnl: Number.isNaN(this.dayStartEquity) ? 0 : this.equityNow - this.dayStartEquity,
      ordersLastMinute: this.ordersInLastMinute(now),
      ...(this.cooldownUntil > now ? { cooldownUntil: this.cooldownUntil } : {}),
    };
  }

  private newDay(time: number, equity: number): void {
    this.day = Math.floor(time / DAY_MS);
    this.dayStartEquity = equity;
    this.levels();
    if (this.stateNow === 'REDUCE_ONLY' && this.trip === 'daily-loss') this.move('ACTIVE', 'a new UTC day cleared the daily loss limit', undefined, time);
  }

  private move(state: RiskState, reason: string, trip: RiskTrip | undefined, at: number): void {
    const previous = this.stateNow;
    if (previous === state && this.trip === trip) return;
    this.stateNow = state;
    this.reasonNow = reason;
    this.trip = trip;
    const change: RiskStateChange = { state, previous, reason, ...(trip ? { trip } : {}), at };
    this.persist();
    this.store?.recordChange?.(change);
    for (const listener of this.listeners) listener(change);
  }

  private levels(): void {
    const { reduceOnlyDrawdown, haltDrawdown, dailyLossLimit } = this.current;
    this.reduceLevel = Number.isNaN(this.peak) ? Number.NEGATIVE_INFINITY : this.peak * (1 - reduceOnlyDrawdown);
    this.haltLevel = Number.isNaN(this.peak) ? Number.NEGATIVE_INFINITY : this.peak * (1 - haltDrawdown);
    this.dailyLevel = Number.isNaN(this.dayStartEquity) ? Number.NEGATIVE_INFINITY : this.dayStartEquity - dailyLossLimit;
  }

  private drawdown(): number {
    return this.peak > 0 && this.equityNow < this.peak ? 1 - this.equityNow / this.peak : 0;
  }

  private ordersInLastMinute(now: number): number {
    const times = this.orderTimes;
    let drop = 0;
    while (drop < times.length && times[drop]! <= now - MINUTE_MS) drop++;
    if (drop > 0) times.splice(0, drop);
    return times.length;
  }

  private persist(): void {
    if (!this.store) return;
    this.savedPeak = this.peak;
    this.store.save({
      state: this.stateNow,
      ...(this.reasonNow !== undefined ? { reason: this.reasonNow } : {}),
      ...(this.trip !== undefined ? { trip: this.trip } : {}),
      peakEquity: this.peak,
      day: this.day,
      dayStartEquity: this.dayStartEquity,
      cooldownUntil: this.cooldownUntil,
      stopOuts: this.stopOuts,
      limits: this.current,
      updatedAt: this.clock.now(),
    });
  }
}

function reject(rule: RiskRule, reason: string): RiskDecision {
  return { ok: false, rule, reason };
}

function round(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function pct(x: number): string {
  return `${(x * 100).toFixed(2)} %`;
}
