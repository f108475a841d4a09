import type { Clock } from '../core/clock';
import { errorMessage, NotFoundError, ValidationError } from '../core/errors';
import { parseUnits, unitsFromNumber, unitsToNumber, type Units } from '../core/money';
import type { Instrument } from '../model/instrument';
import type { Decider, ProposalStatus } from '../model/proposal';
import type { Signal } from '../model/signal';
import { describePolicy, evaluatePolicy, type PolicyStore } from './approval-policy';
import type { OrderIntent } from './execution-engine';
import type { Actor, ApprovalPolicy, AuditAction, AuditEntryView, PolicyView, ProposalView, TradingMode } from './execution-views';
import type { AuditListQuery, OrderJournal, ProposalRecord, StoredOrder } from './order-journal';
import { previewRisk, type AccountSnapshot, type ProposalFactory } from './proposal-factory';
import { toProposalView } from './view-format';

/** The risk engine's answer for one order: every order passes it, approved by a trader or a policy. */
export type RiskVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export type ApprovalQueueDeps = {
  readonly journal: OrderJournal;
  readonly factory: ProposalFactory;
  readonly policies: PolicyStore;
  readonly clock: Clock;
  readonly mode: () => TradingMode;
  readonly instrument: (venue: string, symbol: string) => Instrument | undefined;
  /** The active mode's account, for sizing and the risk preview. */
  readonly account: (venue: string, symbol: string) => AccountSnapshot;
  readonly risk: (intent: OrderIntent, proposal: ProposalRecord) => RiskVerdict;
  /** Sends through the active mode's ExecutionEngine (journal first, deterministic id). */
  readonly execute: (intent: OrderIntent, alongside?: () => void) => Promise<StoredOrder>;
  readonly takerFeeRate: number;
  readonly publish: (view: ProposalView) => void;
  readonly log?: (message: string, error?: unknown) => void;
};

export type ProposalChanges = {
  readonly quantity?: string | number;
  readonly price?: string | number;
  readonly stop?: string | number;
  readonly target?: string | number;
};

const OPEN: readonly ProposalStatus[] = ['pending', 'snoozed'];
const SYSTEM: Actor = { kind: 'system', component: 'approvals' };

/**
 * The approval queue: live strategy signals become proposals; the trader (or the strategy's policy)
 * approves, rejects, modifies or snoozes them; they expire after their time or when price leaves their
 * bounds. An approval goes through the risk engine and then to the ExecutionEngine. Every decision is
 * audited with its actor: the trader, the policy, or the engine itself.
 */
export class ApprovalQueue {
  /** Open proposals by `venue symbol`, so a price tick checks only its own. */
  private readonly bySymbol = new Map<string, Set<string>>();

  constructor(private readonly deps: ApprovalQueueDeps) {}

  /** Loads the open proposals of a previous run and expires those whose time passed meanwhile. */
  start(): void {
    for (const p of this.deps.journal.proposals({ status: OPEN, limit: 10_000 })) this.index(p);
    this.tick();
  }

  /** A live signal: makes a proposal (once per signal and mode) and lets the strategy's policy decide on it. */
  async onSignal(signal: Signal): Promise<ProposalView | undefined> {
    const instrument = this.deps.instrument(signal.venue, signal.symbol);
    if (!instrument) {
      this.deps.log?.(`no instrument ${signal.venue} ${signal.symbol}: signal ${signal.id} makes no proposal`);
      return undefined;
    }
    const mode = this.deps.mode();
    const now = this.deps.clock.now();
    const outcome = this.deps.factory.create({ signal, instrument, account: this.deps.account(signal.venue, signal.symbol), mode, now });
    if (!outcome.ok) return undefined;
    const proposal = outcome.proposal;
    if (!this.deps.journal.insertProposal(proposal)) return undefined;
    this.index(proposal);
    const policy = this.deps.policies.get(proposal.strategy);
    const verdict = evaluatePolicy(policy, proposal, mode);
    this.audit('proposed', SYSTEM, proposal, `${describe(proposal)}; ${verdict.approve ? `approved by policy ${policy.policy.kind}` : `waiting for the trader (${verdict.why})`}`);
    this.deps.publish(toProposalView(proposal));
    if (verdict.approve) return this.approve(proposal.id, verdict.by);
    return toProposalView(proposal);
  }

  list(query: { status?: readonly ProposalStatus[]; strategy?: string; limit: number }): ProposalView[] {
    return this.deps.journal.proposals(query).map(toProposalView);
  }

  get(id: string): ProposalView {
    return toProposalView(this.load(id));
  }

  /**
   * Approves: the risk engine checks the order, then the ExecutionEngine journals and sends it. A risk
   * refusal or a venue rejection leaves the proposal `failed` with the reason (returned, not thrown:
   * the decision was made and audited).
   */
  async approve(id: string, by: Decider): Promise<ProposalView> {
    const proposal = this.open(id);
    const now = this.deps.clock.now();
    const approved: ProposalRecord = clean({ ...proposal, status: 'approved', decidedAt: now, decidedBy: by, snoozedUntil: undefined });
    this.unindex(approved);
    const intent = toIntent(approved);
    const verdict = this.deps.risk(intent, approved);
    if (!verdict.ok) {
      this.decide(approved, 'approved', by, describe);
      return this.fail(approved, `risk engine refused: ${verdict.reason}`, { kind: 'system', component: 'risk' });
    }
    // The decision and the order intent are one commit, before the venue hears of the order.
    const record = (): void => void this.decide(approved, 'approved', by, describe);
    let order: StoredOrder;
    try {
      order = await this.deps.execute(intent, record);
    } catch (error) {
      const reason = errorMessage(error);
      const journaled = this.deps.journal.orders({ proposalId: approved.id, limit: 1 })[0];
      if (!journaled) this.decide(approved, 'approved', by, describe);
      // A journaled order the venue has not confirmed stays with its proposal: reconciliation settles it.
      if (journaled && journaled.status === 'submitted') return this.submitted(approved, journaled, reason);
      return this.fail(approved, reason, { kind: 'system', component: 'execution' });
    }
    if (order.status === 'rejected') return this.fail({ ...approved, clientOrderId: order.clientOrderId }, `the venue rejected it: ${order.reason ?? 'no reason given'}`, { kind: 'system', component: 'execution' });
    return this.submitted(approved, order);
  }

  reject(id: string, reason: string | undefined, by: Decider): ProposalView {
    const proposal = this.open(id);
    const rejected = this.decide({ ...proposal, status: 'rejected', decidedAt: this.deps.clock.now(), decidedBy: by, reason: reason ?? 'rejected by the trader' }, 'rejected', by, reason ? `rejected: ${reason}` : 'rejected');
    this.unindex(rejected);
    return this.emit(rejected);
  }

  /**
   * Changes size, price, stop or target and keeps the proposal pending with its risk preview computed
   * again, so the trader approves what they see. A new price makes it a limit order at that price; the
   * price bounds stay where the market was, since they say how far the market may move, not the order.
   */
  modify(id: string, changes: ProposalChanges, by: Decider): ProposalView {
    const proposal = this.open(id);
    const instrument = this.deps.instrument(proposal.venue, proposal.symbol);
    const toPrice = (value: string | number, what: string): Units => decimal(value, proposal.priceScale, what, instrument?.tickSize);
    const quantity = changes.quantity === undefined ? proposal.quantity : decimal(changes.quantity, proposal.quantityScale, 'quantity', instrument?.lotStep);
    if (quantity <= 0n) throw new ValidationError('quantity must be above zero');
    const entry = changes.price === undefined ? proposal.entry : toPrice(changes.price, 'price');
    const stop = changes.stop === undefined ? proposal.stop : toPrice(changes.stop, 'stop');
    const target = changes.target === undefined ? proposal.target : toPrice(changes.target, 'target');
    const buy = proposal.side === 'buy';
    if (stop !== undefined && (buy ? stop >= entry : stop <= entry)) throw new ValidationError(`the stop of a ${buy ? 'buy' : 'sell'} must be ${buy ? 'below' : 'above'} its entry`);
    if (target !== undefined && (buy ? target <= entry : target >= entry)) throw new ValidationError(`the target of a ${buy ? 'buy' : 'sell'} must be ${buy ? 'above' : 'below'} its entry`);
    const draft: ProposalRecord = {
      ...proposal,
      quantity,
      entry,
      orderType: changes.price === undefined ? proposal.orderType : 'limit',
      stop,
      target,
    };
    const equity = this.deps.account(proposal.venue, proposal.symbol).equity;
    const modified = this.decide({ ...draft, ...previewRisk(draft, equity, this.deps.takerFeeRate) }, 'modified', by, (modified) => `${changeList(changes)}; now ${describe(modified)}`);
    return this.emit(modified);
  }

  /** Puts a proposal aside for some minutes; its expiry moves so that it comes back with its full time. */
  snooze(id: string, minutes: number, by: Decider): ProposalView {
    const proposal = this.open(id);
    const now = this.deps.clock.now();
    const until = now + minutes * 60_000;
    const ttl = proposal.expiresAt - proposal.createdAt;
    const snoozed = this.decide({ ...proposal, status: 'snoozed', snoozedUntil: until, expiresAt: Math.max(proposal.expiresAt, until + ttl) }, 'snoozed', by, `snoozed for ${minutes} min, back at ${new Date(until).toISOString()}`);
    return this.emit(snoozed);
  }

  /** Time passed: snoozes that ended come back, proposals past their time expire. */
  tick(): void {
    const now = this.deps.clock.now();
    for (const p of this.deps.journal.proposals({ status: OPEN, limit: 10_000 })) {
      if (now >= p.expiresAt) this.expire(p, 'its time ran out');
      else if (p.status === 'snoozed' && p.snoozedUntil !== undefined && now >= p.snoozedUntil) {
        const back = this.decide({ ...p, status: 'pending', snoozedUntil: undefined }, 'unsnoozed', SYSTEM, 'back in the queue after its snooze');
        this.emit(back);
      }
    }
  }

  /** A new price for a symbol: its open proposals whose price bound it crossed expire. */
  onPrice(venue: string, symbol: string, price: number): void {
    const ids = this.bySymbol.get(`${venue} ${symbol}`);
    if (!ids || ids.size === 0) return;
    for (const id of [...ids]) {
      const p = this.deps.journal.proposal(id);
      if (!p || !OPEN.includes(p.status)) {
        ids.delete(id);
        continue;
      }
      const why = outOfBounds(p, price);
      if (why) this.expire(p, why);
    }
  }

  /** Every open proposal expires (the trading mode changed, or the kill switch was thrown). */
  expireAll(why: string): void {
    for (const p of this.deps.journal.proposals({ status: OPEN, limit: 10_000 })) this.expire(p, why);
  }

  policies(): PolicyView[] {
    return this.deps.policies.list();
  }

  setPolicy(strategy: string, policy: ApprovalPolicy, by: Decider): PolicyView {
    const view = this.deps.policies.setPolicy(strategy, policy, this.deps.clock.now());
    this.deps.journal.audit({ at: this.deps.clock.now(), action: 'policy-set', actor: by, strategy, detail: `policy of ${strategy}: ${describePolicy(policy)}` });
    return view;
  }

  /** Decisions newest first. */
  auditLog(query: AuditListQuery): AuditEntryView[] {
    return this.deps.journal.auditEntries(query);
  }

  private audit(action: AuditAction, actor: Actor, proposal: ProposalRecord, detail: string): void {
    this.deps.journal.audit({ at: this.deps.clock.now(), action, actor, proposalId: proposal.id, strategy: proposal.strategy, detail });
  }

  private open(id: string): ProposalRecord {
    const proposal = this.load(id);
    if (!OPEN.includes(proposal.status)) throw new ValidationError(`proposal ${id} is ${proposal.status}, no longer open for a decision`);
    if (proposal.mode !== this.deps.mode()) {
      this.expire(proposal, `it was made for ${proposal.mode} trading and the mode is now ${this.deps.mode()}`);
      throw new ValidationError(`proposal ${id} was made for ${proposal.mode} trading; it has expired`);
    }
    if (this.deps.clock.now() >= proposal.expiresAt) {
      this.expire(proposal, 'its time ran out');
      throw new ValidationError(`proposal ${id} has expired`);
    }
    return proposal;
  }

  private load(id: string): ProposalRecord {
    const proposal = this.deps.journal.proposal(id);
    if (!proposal) throw new NotFoundError(`no proposal ${id}`);
    return proposal;
  }

  private expire(p: ProposalRecord, why: string): void {
    const expired = this.decide({ ...p, status: 'expired', reason: why, snoozedUntil: undefined }, 'expired', SYSTEM, `expired: ${why}`);
    this.unindex(expired);
    this.emit(expired);
  }

  private fail(p: ProposalRecord, reason: string, actor: Actor): ProposalView {
    const failed = this.decide({ ...p, status: 'failed', reason }, 'failed', actor, reason);
    return this.emit(failed);
  }

  private submitted(p: ProposalRecord, order: StoredOrder, note?: string): ProposalView {
    const submitted = this.decide({ ...p, status: 'submitted', clientOrderId: order.clientOrderId, ...(note ? { reason: note } : {}) }, 'submitted', { kind: 'system', component: 'execution' }, `order ${order.clientOrderId} ${order.status} on ${order.venue}${note ? ` (${note})` : ''}`);
    return this.emit(submitted);
  }

  /** Saves a proposal's new state and its audit entry in one transaction: no decision without its record. */
  private decide(p: ProposalRecord, action: AuditAction, actor: Actor, detail: string | ((saved: ProposalRecord) => string)): ProposalRecord {
    return this.deps.journal.transaction(() => {
      const saved = this.save(p);
      this.audit(action, actor, saved, typeof detail === 'string' ? detail : detail(saved));
      return saved;
    });
  }

  private save(p: ProposalRecord): ProposalRecord {
    const record = clean(p);
    this.deps.journal.updateProposal(record);
    return record;
  }

  private emit(p: ProposalRecord): ProposalView {
    const view = toProposalView(p);
    this.deps.publish(view);
    return view;
  }

  private index(p: ProposalRecord): void {
    const key = `${p.venue} ${p.symbol}`;
    const ids = this.bySymbol.get(key) ?? new Set<string>();
    ids.add(p.id);
    this.bySymbol.set(key, ids);
  }

  private unindex(p: ProposalRecord): void {
    this.bySymbol.get(`${p.venue} ${p.symbol}`)?.delete(p.id);
  }
}

/** A record without the optional fields a change set to undefined (a snooze that ended, a decision's note). */
function clean(p: ProposalRecord): ProposalRecord {
  return Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined)) as ProposalRecord;
}

/** The order an approved proposal places; its key is the proposal id, so approving twice sends one order. */
export function toIntent(p: ProposalRecord): OrderIntent {
  return {
    key: p.id,
    symbol: p.symbol,
    side: p.side,
    type: p.orderType,
    quantity: p.quantity,
    ...(p.orderType === 'limit' ? { price: p.entry } : {}),
    timeInForce: 'GTC',
    reduceOnly: p.reduceOnly,
    ...(p.stop === undefined || p.reduceOnly ? {} : { stopLoss: p.stop }),
    ...(p.target === undefined || p.reduceOnly ? {} : { takeProfit: p.target }),
    proposalId: p.id,
    strategy: p.strategy,
    priceScale: p.priceScale,
    quantityScale: p.quantityScale,
  };
}

function outOfBounds(p: ProposalRecord, price: number): string | undefined {
  const units = unitsFromNumber(price, p.priceScale);
  if (p.maxPrice !== undefined && units > p.maxPrice) return `price ${price} rose past its bound ${unitsToNumber(p.maxPrice, p.priceScale)}`;
  if (p.minPrice !== undefined && units < p.minPrice) return `price ${price} fell past its bound ${unitsToNumber(p.minPrice, p.priceScale)}`;
  return undefined;
}

/** A typed decimal in units of `scale`; with a step (tick or lot), it must be a whole number of steps. */
function decimal(value: string | number, scale: number, what: string, step?: number): Units {
  let units: Units;
  try {
    units = typeof value === 'number' ? unitsFromNumber(value, scale) : parseUnits(value, scale);
  } catch (error) {
    throw new ValidationError(`${what}: ${errorMessage(error)}`);
  }
  if (units <= 0n) throw new ValidationError(`${what} must be above zero`);
  if (step !== undefined && step > 0) {
    const stepUnits = unitsFromNumber(step, scale);
    if (stepUnits > 0n && units % stepUnits !== 0n) throw new ValidationError(`${what} must be a multiple of ${step}`);
  }
  return units;
}

function describe(p: ProposalRecord): string {
  const qty = unitsToNumber(p.quantity, p.quantityScale);
  const entry = unitsToNumber(p.entry, p.priceScale);
  return `${p.side} ${qty} ${p.symbol} ${p.orderType} @ ${entry}${p.reduceOnly ? ' reduce-only' : ''} (${p.mode})`;
}

function changeList(changes: ProposalChanges): string {
  return Object.entries(changes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} → ${String(v)}`)
    .join(', ');
}
