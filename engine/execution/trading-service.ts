import type { Clock } from '../core/clock';
import { ValidationError } from '../core/errors';
import type { MessageBus, Unsubscribe } from '../core/message-bus';
import type { CandleEvent } from '../data/candle-service';
import type { TickerEvent } from '../data/live-feed';
import type { Instrument } from '../model/instrument';
import type { Decider } from '../model/proposal';
import type { Signal } from '../model/signal';
import type { SettingsRepository } from '../store/repositories/settings-repository';
import { PolicyStore } from './approval-policy';
import { ApprovalQueue } from './approval-queue';
import type { ExecutionClient } from './execution-client';
import { ExecutionEngine, type OrderIntent } from './execution-engine';
import { LIVE_CONFIRMATION, type Actor, type AuditAction, type PortfolioView, type RiskState, type RiskView, type TradingMode, type TradingModeView } from './execution-views';
import type { OrderJournal, StoredOrder } from './order-journal';
import { PaperClient } from './paper-client';
import { ProposalFactory, type ProposalFactoryConfig } from './proposal-factory';
import type { RiskVerdict } from './approval-queue';
import { portfolioAccount, venueAccount, type TradingAccount } from './trading-account';
import { toFillView, toOrderView } from './view-format';

/** The risk engine as the trading service uses it (an adapter over engine/risk's RiskEngine). */
export type RiskControl = {
  check(intent: OrderIntent, account: TradingAccount): RiskVerdict;
  /** An order was sent (for the order-rate limit) and a fill happened (for stop-outs and daily loss). */
  onOrderSent(order: StoredOrder): void;
  onEquity(account: TradingAccount): void;
  state(): RiskState;
  view(account: TradingAccount): RiskView;
  setLimits(changes: Partial<RiskView['limits']>): void;
  kill(reason: string): void;
  resume(): void;
};

/** A live venue's execution client, when keys and the adapter are there; otherwise why not. */
/** `marketVenue` is where its instruments and prices come from (bybit for the Bybit client). */
export type LiveVenue = { readonly client: ExecutionClient; readonly marketVenue: string } | { readonly unavailable: string };

export type TradingServiceDeps = {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly journal: OrderJournal;
  readonly settings: SettingsRepository;
  readonly instrument: (venue: string, symbol: string) => Instrument | undefined;
  readonly factory: Omit<ProposalFactoryConfig, 'takerFeeRate'>;
  readonly risk: RiskControl;
  /** Starting cash of the paper account, in the settlement currency. */
  readonly paperCash: number;
  /** Fee rates of the paper venue in basis points (Bybit's linear defaults). */
  readonly takerFeeBps?: number;
  readonly makerFeeBps?: number;
  readonly live: () => LiveVenue;
  /** How the service runs its periodic tick (expiry, equity points); setInterval unless a test drives it. */
  readonly every?: (ms: number, run: () => void) => () => void;
  readonly log: (message: string, error?: unknown) => void;
};

const MODE_KEY = 'execution.mode';
const TICK_MS = 1_000;
const EQUITY_EVERY_MS = 60_000;

/**
 * Trading: the approval queue, one ExecutionEngine per mode (paper on the sim venue fed by live prices;
 * live on the venue's client after an explicit opt-in), the account the active mode trades, the risk
 * engine in front of every order, and the events the window follows. Paper is the default.
 */
export class TradingService {
  readonly queue: ApprovalQueue;
  readonly policies: PolicyStore;
  readonly paper: PaperClient;
  readonly paperAccount: TradingAccount;
  private readonly paperEngine: ExecutionEngine;
  private liveEngine: ExecutionEngine | undefined;
  private liveAccount: TradingAccount | undefined;
  private currentMode: TradingMode = 'paper';
  private modeUpdatedAt = 0;
  private offs: Unsubscribe[] = [];
  private lastEquityAt = 0;

  constructor(private readonly deps: TradingServiceDeps) {
    const takerFeeBps = deps.takerFeeBps ?? 5.5;
    this.paper = new PaperClient({ instruments: [], clock: deps.clock, initialCash: BigInt(Math.round(deps.paperCash * 1e8)), config: { takerFeeBps, makerFeeBps: deps.makerFeeBps ?? 2 } });
    this.paperAccount = portfolioAccount(this.paper.portfolio, () => this.paper.matcher.instruments());
    this.paperEngine = this.createEngine(this.paper, this.paperAccount);
    this.policies = new PolicyStore(deps.settings);
    this.queue = new ApprovalQueue({
      journal: deps.journal,
      factory: new ProposalFactory({ ...deps.factory, takerFeeRate: takerFeeBps / 10_000 }),
      policies: this.policies,
      clock: deps.clock,
      mode: () => this.currentMode,
      instrument: (venue, symbol) => this.tradable(venue, symbol),
      account: (_venue, symbol) => this.account().snapshot(symbol),
      risk: (intent) => this.checkRisk(intent),
      execute: (intent) => this.engine().submit(intent),
      takerFeeRate: takerFeeBps / 10_000,
      publish: (view) => deps.bus.publish('approvals.proposal', view),
      log: deps.log,
    });
  }

  async start(): Promise<void> {
    const stored = this.deps.settings.get<{ mode: TradingMode; at: number }>(MODE_KEY);
    await this.paperEngine.start();
    // Live never resumes by itself after a restart: the trader opts in again.
    if (stored?.mode === 'live') this.deps.journal.audit({ at: this.deps.clock.now(), action: 'mode-set', actor: { kind: 'system', component: 'trading' }, detail: 'started on paper; live needs a new opt-in after a restart' });
    this.deps.settings.set(MODE_KEY, { mode: 'paper', at: this.deps.clock.now() }, this.deps.clock.now());
    this.modeUpdatedAt = this.deps.clock.now();
    this.queue.start();
    const { bus } = this.deps;
    this.offs = [
      bus.subscribe<Signal>('strategy.signal.>', (signal) => this.onSignal(signal)),
      bus.subscribe<CandleEvent>('data.candle.>', (event) => this.onPrice(event.venue, event.symbol, event.candle.close, event.candle.volume, event.receivedAt)),
      bus.subscribe<TickerEvent>('data.ticker.>', (event) => this.onPrice(event.venue, event.symbol, event.last, 0, event.receivedAt)),
    ];
    const every = this.deps.every ?? ((ms, run) => {
      const timer = setInterval(run, ms);
      timer.unref?.();
      return () => clearInterval(timer);
    });
    this.offs.push(every(TICK_MS, () => this.tick()));
    this.publishMode();
    this.publishRisk();
  }

  async stop(): Promise<void> {
    for (const off of this.offs) off();
    this.offs = [];
    this.paperEngine.stop();
    this.liveEngine?.stop();
    await this.paper.close();
  }

  mode(): TradingModeView {
    const live = this.deps.live();
    return {
      mode: this.currentMode,
      venue: this.engine().venue,
      liveAvailable: 'client' in live,
      ...('unavailable' in live ? { liveUnavailableReason: live.unavailable } : {}),
      confirmation: LIVE_CONFIRMATION,
      automation: this.policies.automation(),
      riskState: this.deps.risk.state(),
      updatedAt: this.modeUpdatedAt,
    };
  }

  /** Paper needs nothing; live needs the exact confirmation phrase and a live venue, reconciled before any order. */
  async setMode(mode: TradingMode, confirm: string | undefined, by: Decider): Promise<TradingModeView> {
    if (mode === this.currentMode) return this.mode();
    if (mode === 'live') {
      if (confirm !== LIVE_CONFIRMATION) throw new ValidationError(`switching to live trading needs the confirmation "${LIVE_CONFIRMATION}"`);
      const live = this.deps.live();
      if ('unavailable' in live) throw new ValidationError(`live trading is not available: ${live.unavailable}`);
      if (!this.liveEngine) {
        this.liveAccount = venueAccount(live.client.venue, 'USDT', (symbol) => this.deps.instrument(live.marketVenue, symbol));
        this.liveEngine = this.createEngine(live.client, this.liveAccount);
        await this.liveEngine.start();
      }
    }
    this.currentMode = mode;
    this.modeUpdatedAt = this.deps.clock.now();
    this.deps.settings.set(MODE_KEY, { mode, at: this.modeUpdatedAt }, this.modeUpdatedAt);
    this.audit('mode-set', by, `trading mode ${mode}${mode === 'live' ? ' (confirmed)' : ''}`);
    this.queue.expireAll(`the trading mode changed to ${mode}`);
    this.publishMode();
    this.publishPortfolio();
    return this.mode();
  }

  setAutomation(strategy: string, enabled: boolean, by: Decider): TradingModeView {
    this.policies.setAutomation(strategy, enabled, this.deps.clock.now());
    this.audit('automation-set', by, `automation of ${strategy} ${enabled ? 'on' : 'off'}`, strategy);
    this.publishMode();
    return this.mode();
  }

  /** The global kill switch: no new orders, every open order cancelled, the queue emptied. */
  async kill(reason: string | undefined, by: Decider): Promise<RiskView> {
    this.deps.risk.kill(reason ?? 'kill switch');
    this.audit('kill', by, `kill switch: ${reason ?? 'no reason given'}`);
    this.queue.expireAll('the kill switch was thrown');
    await this.engine().cancelAll();
    this.publishRisk();
    this.publishMode();
    return this.riskView();
  }

  resume(by: Decider): RiskView {
    this.deps.risk.resume();
    this.audit('resume', by, 'trading resumed');
    this.publishRisk();
    this.publishMode();
    return this.riskView();
  }

  setLimits(changes: Partial<RiskView['limits']>, by: Decider): RiskView {
    this.deps.risk.setLimits(changes);
    this.audit('limits-set', by, `risk limits: ${Object.entries(changes).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
    this.publishRisk();
    return this.riskView();
  }

  riskView(): RiskView {
    return this.deps.risk.view(this.account());
  }

  async cancel(clientOrderId: string, by: Decider): Promise<StoredOrder> {
    const order = this.deps.journal.order(clientOrderId);
    if (!order) throw new ValidationError(`no order ${clientOrderId}`);
    const engine = order.venue === this.paperEngine.venue ? this.paperEngine : this.liveEngine;
    if (!engine || engine.venue !== order.venue) throw new ValidationError(`order ${clientOrderId} is on ${order.venue}, which is not connected`);
    this.deps.journal.audit({ at: this.deps.clock.now(), action: 'cancel-requested', actor: by, ...(order.proposalId ? { proposalId: order.proposalId } : {}), ...(order.strategy ? { strategy: order.strategy } : {}), detail: `cancel ${clientOrderId}` });
    return engine.cancel(clientOrderId);
  }

  /** The account of the active mode. */
  account(): TradingAccount {
    return this.currentMode === 'live' && this.liveAccount ? this.liveAccount : this.paperAccount;
  }

  engine(): ExecutionEngine {
    return this.currentMode === 'live' && this.liveEngine ? this.liveEngine : this.paperEngine;
  }

  /** Expiry, snoozes and an equity point a minute; the kill switch may trip on equity. */
  tick(): void {
    this.queue.tick();
    const now = this.deps.clock.now();
    const account = this.account();
    const before = this.deps.risk.state();
    this.deps.risk.onEquity(account);
    if (this.deps.risk.state() !== before) this.onRiskChange(before);
    if (now - this.lastEquityAt >= EQUITY_EVERY_MS) {
      this.lastEquityAt = now;
      account.recordEquity(now);
    }
  }

  private onSignal(signal: Signal): void {
    if (this.deps.risk.state() === 'HALTED') return;
    this.queue.onSignal(signal).catch((error: unknown) => this.deps.log(`proposal for signal ${signal.id} failed`, error));
  }

  private onPrice(venue: string, symbol: string, price: number, amount: number, time: number): void {
    if (!(price > 0)) return;
    this.paperAccount.mark(symbol, price);
    this.paper.onPrice(symbol, price, amount, time);
    this.liveAccount?.mark(symbol, price);
    this.queue.onPrice(venue, symbol, price);
  }

  private checkRisk(intent: OrderIntent): RiskVerdict {
    return this.deps.risk.check(intent, this.account());
  }

  private onRiskChange(before: RiskState): void {
    const after = this.deps.risk.state();
    this.deps.journal.audit({ at: this.deps.clock.now(), action: after === 'ACTIVE' ? 'resume' : 'kill', actor: { kind: 'system', component: 'risk' }, detail: `risk state ${before} → ${after}` });
    if (after !== 'ACTIVE') this.queue.expireAll(`the risk engine moved to ${after}`);
    if (after === 'HALTED') this.engine().cancelAll().catch((error: unknown) => this.deps.log('cancelling orders after a halt failed', error));
    this.publishRisk();
    this.publishMode();
  }

  private tradable(venue: string, symbol: string): Instrument | undefined {
    const instrument = this.deps.instrument(venue, symbol);
    if (instrument) this.paper.addInstrument(instrument);
    return instrument;
  }

  private createEngine(client: ExecutionClient, account: TradingAccount): ExecutionEngine {
    return new ExecutionEngine({
      client,
      journal: this.deps.journal,
      clock: this.deps.clock,
      account,
      scalesOf: (symbol) => account.scalesOf(symbol),
      log: this.deps.log,
      listener: {
        onOrder: (order) => {
          if (order.status === 'submitted') this.deps.risk.onOrderSent(order);
          this.deps.bus.publish('orders.updated', toOrderView(order));
        },
        onFill: (fill, order) => {
          this.deps.bus.publish('orders.fill', toFillView(fill, order ?? account.scalesOf(fill.symbol) ?? { priceScale: 8, quantityScale: 8 }));
          this.publishPortfolio();
        },
        onPosition: (position) => account.onPosition(position),
        onBalance: (balance) => account.onBalance(balance),
      },
    });
  }

  private audit(action: AuditAction, actor: Actor, detail: string, strategy?: string): void {
    this.deps.journal.audit({ at: this.deps.clock.now(), action, actor, ...(strategy ? { strategy } : {}), detail });
  }

  private publishMode(): void {
    this.deps.bus.publish('trading.mode', this.mode());
  }

  private publishRisk(): void {
    this.deps.bus.publish('risk.state', this.riskView());
  }

  portfolioView(): PortfolioView {
    return this.account().view(this.deps.clock.now());
  }

  publishPortfolio(): void {
    this.deps.bus.publish('portfolio.updated', this.portfolioView());
  }
}

