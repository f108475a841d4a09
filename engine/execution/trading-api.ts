import type { OrderStatus } from '../model/order';
import type { Decider, ProposalStatus } from '../model/proposal';
import type { ProposalChanges } from './approval-queue';
import type { ApprovalPolicy, AuditEntryView, EquityPointView, FillView, OrderView, PaperResetView, PolicyView, PortfolioView, ProposalView, RiskLimitsView, RiskView, StrategySizingView, TradingMode, TradingModeView, TradingSizingView } from './execution-views';
import type { SizingConfig } from '../risk/sizing-types';
import type { AuditListQuery, Scales } from './order-journal';
import type { TradingService } from './trading-service';
import { toFillView, toOrderView } from './view-format';

/**
 * The trading service as the API's five ports (approvals, orders, portfolio, risk, trading): plain objects
 * whose methods return views. The handlers validate the input; these only translate.
 */
export function tradingPorts(service: TradingService) {
  const { queue } = service;
  const journal = service.engine().journal;
  const approvals = {
    list: (query: { status?: readonly ProposalStatus[]; strategy?: string; limit: number }): ProposalView[] => queue.list(query),
    get: (id: string): ProposalView => queue.get(id),
    approve: (id: string, by: Decider): Promise<ProposalView> => queue.approve(id, by),
    reject: (id: string, reason: string | undefined, by: Decider): ProposalView => queue.reject(id, reason, by),
    modify: (id: string, changes: ProposalChanges, by: Decider): ProposalView => queue.modify(id, changes, by),
    snooze: (id: string, minutes: number, by: Decider): ProposalView => queue.snooze(id, minutes, by),
    policies: (): PolicyView[] => queue.policies(),
    setPolicy: (strategy: string, policy: ApprovalPolicy, by: Decider): PolicyView => queue.setPolicy(strategy, policy, by),
    audit: (query: AuditListQuery): AuditEntryView[] => queue.auditLog(query),
  };
  const scalesCache = new Map<string, Scales>();
  const scalesOf = (clientOrderId: string, symbol: string): Scales => {
    const cached = scalesCache.get(clientOrderId);
    if (cached) return cached;
    const order = journal.order(clientOrderId);
    const scales = order ?? service.account().scalesOf(symbol) ?? { priceScale: 8, quantityScale: 8 };
    const kept = { priceScale: scales.priceScale, quantityScale: scales.quantityScale };
    if (order) scalesCache.set(clientOrderId, kept);
    return kept;
  };
  const orders = {
    orders: (query: { status?: OrderStatus | 'open'; symbol?: string; limit: number }): OrderView[] => journal.orders(query).map(toOrderView),
    fills: (query: { symbol?: string; since?: number; limit: number }): FillView[] =>
      journal.fills(query).map((fill) => toFillView(fill, scalesOf(fill.clientOrderId, fill.symbol))),
    cancel: async (clientOrderId: string, by: Decider): Promise<OrderView> => toOrderView(await service.cancel(clientOrderId, by)),
  };
  const portfolio = {
    snapshot: (): PortfolioView => service.portfolioView(),
    equityHistory: (query: { from?: number; to?: number; limit: number }): EquityPointView[] =>
      service
        .account()
        .equityHistory()
        .filter((p) => (query.from === undefined || p.time >= query.from) && (query.to === undefined || p.time <= query.to))
        .slice(-query.limit),
  };
  const risk = {
    view: (): RiskView => service.riskView(),
    setLimits: (limits: Partial<RiskLimitsView>, by: Decider): RiskView => service.setLimits(limits, by),
    kill: (reason: string | undefined, by: Decider): Promise<RiskView> => service.kill(reason, by),
    resume: (by: Decider): RiskView => service.resume(by),
  };
  const trading = {
    mode: async (): Promise<TradingModeView> => {
      await service.probeLive();
      return service.mode();
    },
    setMode: (mode: TradingMode, confirm: string | undefined, by: Decider): Promise<TradingModeView> => service.setMode(mode, confirm, by),
    setAutomation: (strategy: string, enabled: boolean, by: Decider): TradingModeView => service.setAutomation(strategy, enabled, by),
    sizing: (strategy?: string): TradingSizingView => service.sizing.view(strategy),
    setSizing: (strategy: string, config: SizingConfig, by: Decider): StrategySizingView => service.setSizing(strategy, config, by),
    resetPaper: (balance: number | undefined, by: Decider): Promise<PaperResetView> => service.resetPaper(balance, by),
  };
  return { approvals, orders, portfolio, risk, trading };
}
