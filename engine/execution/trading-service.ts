import type { Clock } from '../core/clock';
import { errorMessage, ValidationError } from '../core/errors';
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
import { ExecutionEngine } from './execution-engine';
import { LIVE_CONFIRMATION, type Actor, type AuditAction, type PaperResetView, type PortfolioView, type RiskView, type StrategySizingView, type TradingMode, type TradingModeView } from './execution-views';
import type { OrderJournal, StoredOrder } from './order-journal';
import type { SimExecutionClient } from '../adapters/sim/sim-execution-client';
import type { PaperAccountStore } from '../adapters/sim/paper-account-store';
import { EquityHistory, type EquityHistoryStore } from './equity-history';
import { paperCashUnits, paperResetView } from './paper-venue';
import { PaperTrading } from './paper-trading';
import { StrategySizing } from './strategy-sizing';
import type { SizingConfig } from '../risk/sizing-types';
import { unitsToNumber } from '../core/money';
import type { TradesEvent } from '../data/trade-recorder';
import type { RiskControl } from './risk-control';
import type { RiskStateChange } from '../risk/risk-engine';
import { ProposalFactory, type ProposalFactoryConfig } from './proposal-factory';
import { venueAccount, type TradingAccount } from './trading-account';
import { toFillView, toOrderView } from './view-format';

/** A live venue's execution client, when keys and the adapter are there; otherwise why not. */
/** A live venue: `marketVenue` is where its instruments and prices come from (bybit for the Bybit client). */
export type LiveVenue = { readonly client: ExecutionClient; readonly marketVenue: string };

/** How the service reaches the live venue: whether it could (keys present), and connecting when the trader opts in. */
export type LiveConnector = {
  /** Undefined when live trading can be switched on; otherwise why not, in words. */
  available(): Promise<string | undefined>;
  connect(): Promise<LiveVenue>;
};

export type TradingServiceDeps = {
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly journal: OrderJournal;
  readonly settings: SettingsRepository;
  readonly instrument: (venue: string, symbol: string) => Instrument | undefined;
  readonly factory: Omit<ProposalFactoryConfig, 'takerFeeRate'>;
  readonly risk: RiskControl;
  /** Starting cash of a new paper account, in the settlement currency. */
  readonly paperCash: number;
  /** Where the paper account lives between runs; in memory (flat at every start) without one. */
  readonly paperStore?: PaperAccountStore;
  /** Per-strategy sizing (settings); the API reads and changes it here. */
  readonly sizing?: StrategySizing;
  /** Where the accounts' equity histories live between runs (VaR / CVaR need weeks of daily closes). */
  readonly equityStore?: EquityHistoryStore;
  /** Fee rates of the paper venue in basis points (Bybit's linear defaults). */
  readonly takerFeeBps?: number;
  readonly makerFeeBps?: number;
  readonly live: LiveConnector;
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
  readonly sizing: StrategySizing;
  /** The paper venue, its account and engine: replaced together by a paper reset. */
  private readonly paperSide: PaperTrading;
  private resetting = false;
  private liveEngine: ExecutionEngine | undefined;
  private liveAccount: TradingAccount | undefined;
  private currentMode: TradingMode = 'paper';
  private modeUpdatedAt = 0;
  private offs: Unsubscribe[] = [];
  /** Set while the trader's own kill or resume runs: its audit entry names the trader, not the risk engine. */
  private traderActing = false;
  /** The market venue whose prices drive each paper symbol (a symbol trades on paper for one venue's market). */
  private readonly paperMarket = new Map<string, string>();
  private liveMarket: string | undefined;
  private liveClient: ExecutionClient | undefined;
  private liveUnavailable: string | undefined = 'not checked yet';
  private lastEquityAt = 0;

  constructor(private readonly deps: TradingServiceDeps) {
    const takerFeeBps = deps.takerFeeBps ?? 5.5;
    const paperConfig = {
      clock: deps.clock,
      takerFeeBps,
      makerFeeBps: deps.makerFeeBps ?? 2,
      ...(deps.paperStore ? { store: deps.paperStore } : {}),
      ...(deps.equityStore ? { equityStore: deps.equityStore } : {}),
    };
    this.paperSide = new PaperTrading(paperConfig, paperCashUnits(deps.paperCash), (client, account) => this.createEngine(client, account));
    for (const { instrument, marketVenue } of this.paper.restoredInstruments()) this.paperMarket.set(instrument.symbol, marketVenue);
    this.policies = new PolicyStore(deps.settings);
    this.sizing = deps.sizing ?? new StrategySizing(deps.settings);
    this.queue = new ApprovalQueue({
      journal: deps.journal,
      factory: new ProposalFactory({ ...deps.factory, takerFeeRate: takerFeeBps / 10_000 }),
      policies: this.policies,
      clock: deps.clock,
      mode: () => this.currentMode,
      instrument: (venue, symbol) => this.tradable(venue, symbol),
      account: (_venue, symbol) => this.account().snapshot(symbol),
      risk: (intent, proposal) => deps.risk.check(intent, this.account(), unitsToNumber(proposal.entry, proposal.priceScale)),
      execute: (intent, alongside) => this.engine().submit(intent, alongside),
      takerFeeRate: takerFeeBps / 10_000,
      publish: (view) => deps.bus.publish('approvals.proposal', view),
      log: deps.log,
    });
  }

  /** The paper venue (the sim venue on live prices). */
  get paper(): SimExecutionClient {
    return this.paperSide.client;
  }

  get paperAccount(): TradingAccount {
    return this.paperSide.account;
  }

  async start(): Promise<void> {
    const stored = this.deps.settings.get<{ mode: TradingMode; at: number }>(MODE_KEY);
    await this.paperSide.engine.start();
    this.deps.risk.track(this.paperAccount.positions(this.paper.venue));
    // Live never resumes by itself after a restart: the trader opts in again.
    if (stored?.mode === 'live') this.deps.journal.audit({ at: this.deps.clock.now(), action: 'mode-set', actor: { kind: 'system', component: 'trading' }, detail: 'started on paper; live needs a new opt-in after a restart' });
    this.deps.settings.set(MODE_KEY, { mode: 'paper', at: this.deps.clock.now() }, this.deps.clock.now());
    this.modeUpdatedAt = this.deps.clock.now();
    // Live availability is asked for when the trader looks (trading.mode), not here: reading a keychain at start could prompt.
    this.queue.start();
    const { bus } = this.deps;
    this.offs = [
      bus.subscribe<Signal>('strategy.signal.>', (signal) => this.onSignal(signal)),
      bus.subscribe<CandleEvent>('data.candle.>', (event) => this.onCandle(event)),
      bus.subscribe<TradesEvent>('data.trades.>', (event) => this.onTrades(event)),
      bus.subscribe<TickerEvent>('data.ticker.>', (event) => this.onPrice(event.venue, event.symbol, event.last)),
    ];
    const every = this.deps.every ?? ((ms, run) => {
      const timer = setInterval(run, ms);
      timer.unref?.();
      return () => clearInterval(timer);
    });
    this.offs.push(every(TICK_MS, () => this.tick()));
    this.offs.push(this.deps.risk.onChange((change) => this.onRiskChange(change)));
    this.publishMode();
    this.publishRisk();
  }

  async stop(): Promise<void> {
    for (const off of this.offs) off();
    this.offs = [];
    this.paperSide.engine.stop();
    this.liveEngine?.stop();
    await this.liveClient?.close();
    await this.paper.close();
  }

  /** Asks again whether live trading could be switched on (keys may have been added since). */
  async probeLive(): Promise<void> {
    this.liveUnavailable = this.liveEngine ? undefined : await this.deps.live.available().catch((error: unknown) => (errorMessage(error)));
  }

  mode(): TradingModeView {
    return {
      mode: this.currentMode,
      venue: this.engine().venue,
      liveAvailable: this.liveUnavailable === undefined,
      ...(this.liveUnavailable !== undefined ? { liveUnavailableReason: this.liveUnavailable } : {}),
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
      await this.probeLive();
      if (this.liveUnavailable !== undefined) throw new ValidationError(`live trading is not available: ${this.liveUnavailable}`);
      if (!this.liveEngine) {
        const live = await this.deps.live.connect();
        this.liveClient = live.client;
        this.liveMarket = live.marketVenue;
        this.liveAccount = venueAccount(live.client.venue, 'USDT', (symbol) => this.deps.instrument(live.marketVenue, symbol), new EquityHistory(live.client.venue, this.deps.equityStore, this.deps.clock.now()));
        this.liveEngine = this.createEngine(live.client, this.liveAccount);
        await this.liveEngine.start();
        this.deps.risk.track(this.liveAccount.positions(live.client.venue));
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

  /**
   * Starts the paper account afresh with `cash` (the configured starting cash by default): waiting
   * proposals expire, resting paper orders are cancelled through the venue (so the journal shows them
   * cancelled), open positions are dropped without trading, and the old fills, funding and equity curve
   * move to the store's archive. Refused in live mode and while an order is on its way to the paper venue.
   */
  async resetPaper(cash: number | undefined, by: Decider): Promise<PaperResetView> {
    if (this.currentMode === 'live') throw new ValidationError('the paper account cannot be reset while trading live: switch to paper first');
    if (this.resetting) throw new ValidationError('a paper reset is already running');
    const sending = this.paperSide.sending(this.deps.journal);
    const approving = this.queue.list({ status: ['approved'], limit: 1 }).length > 0;
    if (sending || approving) throw new ValidationError('an order is on its way to the paper venue; reset once it has been answered');
    const initialCash = paperCashUnits(cash ?? this.deps.paperCash);
    this.resetting = true;
    try {
      const proposalsExpired = this.queue.list({ status: ['pending', 'snoozed'], limit: 10_000 }).length;
      this.queue.expireAll('the paper account was reset');
      const { at, summary, previousInitialCash, ordersCancelled, archive } = await this.paperSide.reset({
        initialCash,
        actor: by,
        journal: this.deps.journal,
        log: this.deps.log,
        marketOf: (symbol) => this.paperMarket.get(symbol),
        ...(this.deps.paperStore ? { store: this.deps.paperStore } : {}),
      });
      this.deps.risk.rebase(this.paper.venue, this.paperAccount.equity());
      const view = paperResetView({ venue: this.paper.venue, currency: this.paperAccount.currency, at, initialCash, previousInitialCash, summary, ordersCancelled, proposalsExpired, archive, riskState: this.deps.risk.state() });
      this.audit('paper-reset', by, `paper account reset to ${view.initialCash} ${view.currency} (was equity ${view.previousEquity}; ${view.positionsClosed} position(s) dropped, ${ordersCancelled} order(s) cancelled)`);
      this.deps.bus.publish('paper.reset', view);
      this.publishPortfolio();
      this.publishRisk();
      return view;
    } finally {
      this.resetting = false;
    }
  }

  setAutomation(strategy: string, enabled: boolean, by: Decider): TradingModeView {
    this.policies.setAutomation(strategy, enabled, this.deps.clock.now());
    this.audit('automation-set', by, `automation of ${strategy} ${enabled ? 'on' : 'off'}`, strategy);
    this.publishMode();
    return this.mode();
  }

  /** How a strategy's next proposals are sized; proposals already waiting keep their size. */
  setSizing(strategy: string, config: SizingConfig, by: Decider): StrategySizingView {
    const view = this.sizing.set(strategy, config, this.deps.clock.now());
    this.audit('sizing-set', by, `sizing of ${strategy}: ${describeSizing(config)}`, strategy);
    return view;
  }

  /** The global kill switch: no new orders, every open order cancelled, the queue emptied. */
  async kill(reason: string | undefined, by: Decider): Promise<RiskView> {
    this.audit('kill', by, `kill switch: ${reason ?? 'no reason given'}`);
    this.byTrader(() => this.deps.risk.kill(reason ?? 'kill switch thrown by the trader'));
    this.queue.expireAll('the kill switch was thrown');
    await this.engine().cancelAll();
    return this.riskView();
  }

  resume(by: Decider): RiskView {
    this.audit('resume', by, 'trading resumed');
    this.byTrader(() => this.deps.risk.resume());
    return this.riskView();
  }

  setLimits(changes: Partial<RiskView['limits']>, by: Decider): RiskView {
    this.deps.risk.setLimits(changes);
    this.audit('limits-set', by, `risk limits: ${Object.entries(changes).map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
    this.publishRisk();
    return this.riskView();
  }

  riskView(): RiskView {
    return this.deps.risk.view(this.account(), this.deps.clock.now());
  }

  async cancel(clientOrderId: string, by: Decider): Promise<StoredOrder> {
    const order = this.deps.journal.order(clientOrderId);
    if (!order) throw new ValidationError(`no order ${clientOrderId}`);
    const engine = order.venue === this.paperSide.engine.venue ? this.paperSide.engine : this.liveEngine;
    if (!engine || engine.venue !== order.venue) throw new ValidationError(`order ${clientOrderId} is on ${order.venue}, which is not connected`);
    this.deps.journal.audit({ at: this.deps.clock.now(), action: 'cancel-requested', actor: by, ...(order.proposalId ? { proposalId: order.proposalId } : {}), ...(order.strategy ? { strategy: order.strategy } : {}), detail: `cancel ${clientOrderId}` });
    return engine.cancel(clientOrderId);
  }

  /** The account of the active mode. */
  account(): TradingAccount {
    return this.currentMode === 'live' && this.liveAccount ? this.liveAccount : this.paperAccount;
  }

  engine(): ExecutionEngine {
    return this.currentMode === 'live' && this.liveEngine ? this.liveEngine : this.paperSide.engine;
  }

  /** Expiry, snoozes and an equity point a minute; the kill switch may trip on equity. */
  tick(): void {
    this.queue.tick();
    const now = this.deps.clock.now();
    const account = this.account();
    this.deps.risk.onEquity(account);
    if (now - this.lastEquityAt >= EQUITY_EVERY_MS) {
      this.lastEquityAt = now;
      account.recordEquity(now);
    }
    // Open positions move with prices: the window's PnL and risk usage follow once a second.
    if (account.positions(account.venue).length > 0) {
      this.publishPortfolio();
      this.publishRisk();
    }
  }

  private onSignal(signal: Signal): void {
    if (this.deps.risk.state() === 'HALTED') return;
    this.queue.onSignal(signal).catch((error: unknown) => this.deps.log(`proposal for signal ${signal.id} failed`, error));
  }

  /** Closed candles drive the paper venue where it has no fresh trades; every update marks prices. */
  private onCandle(event: CandleEvent): void {
    if (event.closed && this.paperMarket.get(event.symbol) === event.venue) this.paper.onCandle(event.symbol, event.candle);
    this.onPrice(event.venue, event.symbol, event.candle.close);
  }

  private onTrades(event: TradesEvent): void {
    const last = event.trades.at(-1);
    if (!last) return;
    if (this.paperMarket.get(event.symbol) === event.venue) for (const trade of event.trades) this.paper.onTrade(event.symbol, trade);
    this.onPrice(event.venue, event.symbol, last.price);
  }

  private onPrice(venue: string, symbol: string, price: number): void {
    if (!(price > 0)) return;
    if (this.paperMarket.get(symbol) === venue) this.paperAccount.mark(symbol, price);
    if (this.liveMarket === venue) this.liveAccount?.mark(symbol, price);
    this.queue.onPrice(venue, symbol, price);
  }

  private byTrader(work: () => void): void {
    this.traderActing = true;
    try {
      work();
    } finally {
      this.traderActing = false;
    }
  }

  /** A transition the risk engine made by itself (a drawdown, a daily loss) halts like the kill switch. */
  private onRiskChange(change: RiskStateChange): void {
    if (!this.traderActing && change.state !== change.previous) {
      this.deps.journal.audit({ at: change.at, action: change.state === 'ACTIVE' ? 'resume' : 'kill', actor: { kind: 'system', component: 'risk' }, detail: `risk state ${change.previous} → ${change.state}: ${change.reason}` });
      if (change.state === 'HALTED') {
        this.queue.expireAll(`the risk engine halted trading: ${change.reason}`);
        this.engine()
          .cancelAll()
          .catch((error: unknown) => this.deps.log('cancelling orders after a halt failed', error));
      }
    }
    this.publishRisk();
    this.publishMode();
  }

  /** The instrument of a proposal; the paper venue lists it from then on, priced by that market venue. */
  private tradable(venue: string, symbol: string): Instrument | undefined {
    const instrument = this.deps.instrument(venue, symbol);
    if (!instrument) return undefined;
    const known = this.paperMarket.get(symbol);
    if (known !== undefined && known !== venue) return undefined;
    if (known === undefined) {
      this.paperMarket.set(symbol, venue);
      this.paper.addInstrument(instrument, venue);
    }
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
        onOrder: (order) => this.deps.bus.publish('orders.updated', toOrderView(order)),
        onFill: (fill, order) => {
          this.deps.risk.onFill(fill, order);
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

function describeSizing(config: SizingConfig): string {
  const { mode, ...parameters } = config.sizing;
  const extra = [
    ...Object.entries(parameters).map(([k, v]) => `${k} ${String(v)}`),
    ...(config.maxLeverage !== undefined ? [`maxLeverage ${config.maxLeverage}`] : []),
    ...(config.regimeMultipliers ? [`regime multipliers ${JSON.stringify(config.regimeMultipliers)}`] : []),
  ];
  return extra.length > 0 ? `${mode} (${extra.join(', ')})` : mode;
}
