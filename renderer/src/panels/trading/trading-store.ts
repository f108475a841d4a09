import { createStore, type StoreApi } from 'zustand/vanilla';
import { formatDecimal, sideLabel } from './trading-format';
import type { PolicyView, FillView, OrderView, PortfolioView, ProposalStatus, ProposalView, RiskView, TradingModeView } from '../../engine-client/api-types';

/** A decided proposal's last word in the queue, shown briefly where it was. */
export type DecisionFeedback = {
  readonly proposalId: string;
  readonly tone: 'approved' | 'rejected' | 'expired' | 'failed' | 'snoozed';
  readonly text: string;
  readonly at: number;
};

export type TradingStoreState = {
  /** The queue: proposals waiting for a decision (pending) or back later (snoozed), oldest first. */
  readonly proposals: readonly ProposalView[];
  /** Proposals with a decision on its way to the engine; their buttons are held so one click is one decision. */
  readonly busy: Readonly<Record<string, true>>;
  readonly feedback: readonly DecisionFeedback[];
  /** Newest first. */
  readonly orders: readonly OrderView[];
  readonly fills: readonly FillView[];
  readonly portfolio: PortfolioView | null;
  readonly risk: RiskView | null;
  readonly mode: TradingModeView | null;
  readonly policies: readonly PolicyView[];
  /** The last price seen per `venue:symbol` (bar closes, open bars included), for "where is price now". */
  readonly lastPrices: Readonly<Record<string, number>>;
  /** Why a part of the trading state could not be loaded (e.g. the engine runs no trading services). */
  readonly loadErrors: Readonly<Partial<Record<TradingDomain, string>>>;
  setProposals(proposals: readonly ProposalView[]): void;
  /** A proposal event: a queued one is added or updated, a decided one leaves the queue with feedback. */
  applyProposal(proposal: ProposalView, now?: number): void;
  setBusy(proposalId: string, busy: boolean): void;
  dismissFeedback(proposalId: string): void;
  setOrders(orders: readonly OrderView[]): void;
  applyOrder(order: OrderView): void;
  setFills(fills: readonly FillView[]): void;
  applyFill(fill: FillView): void;
  setPortfolio(portfolio: PortfolioView): void;
  setRisk(risk: RiskView): void;
  setMode(mode: TradingModeView): void;
  setPolicies(policies: readonly PolicyView[]): void;
  setLoadError(domain: TradingDomain, error: string | null): void;
  setLastPrice(venue: string, symbol: string, price: number): void;
  reset(): void;
};

/** The parts of the trading state that load separately. */
export type TradingDomain = 'approvals' | 'orders' | 'fills' | 'portfolio' | 'risk' | 'mode' | 'policies';

export type TradingStore = StoreApi<TradingStoreState>;

/** Rows the blotter keeps; older ones are a reload away. */
export const KEEP_ROWS = 500;
const KEEP_FEEDBACK = 6;
const QUEUED: readonly ProposalStatus[] = ['pending', 'snoozed'];

const EMPTY = {
  proposals: [],
  busy: {},
  feedback: [],
  orders: [],
  fills: [],
  portfolio: null,
  risk: null,
  mode: null,
  policies: [],
  loadErrors: {},
  lastPrices: {},
} satisfies Partial<TradingStoreState>;

export function createTradingStore(): TradingStore {
  return createStore<TradingStoreState>()((set, get) => ({
    ...EMPTY,
    setProposals: (proposals) => set({ proposals: sortQueue(proposals.filter((p) => QUEUED.includes(p.status))) }),
    applyProposal: (proposal, now = Date.now()) => {
      const { proposals, busy, feedback } = get();
      const others = proposals.filter((p) => p.id !== proposal.id);
      const { [proposal.id]: _held, ...stillBusy } = busy;
      if (QUEUED.includes(proposal.status)) {
        const snoozedNow = proposal.status === 'snoozed' && proposals.find((p) => p.id === proposal.id)?.status === 'pending';
        set({
          proposals: sortQueue([...others, proposal]),
          busy: stillBusy,
          feedback: snoozedNow ? withFeedback(feedback, feedbackOf(proposal, now)) : feedback,
        });
        return;
      }
      // Feedback only for proposals the trader could see in the queue; old decisions replayed after a reconnect stay quiet.
      const wasQueued = others.length !== proposals.length;
      set({ proposals: others, busy: stillBusy, feedback: wasQueued ? withFeedback(feedback, feedbackOf(proposal, now)) : feedback });
    },
    setBusy: (proposalId, isBusy) => {
      const { [proposalId]: _held, ...rest } = get().busy;
      set({ busy: isBusy ? { ...rest, [proposalId]: true } : rest });
    },
    dismissFeedback: (proposalId) => set({ feedback: get().feedback.filter((f) => f.proposalId !== proposalId) }),
    setOrders: (orders) => set({ orders: newestFirst(orders, (o) => o.createdAt).slice(0, KEEP_ROWS) }),
    applyOrder: (order) => {
      const others = get().orders.filter((o) => o.clientOrderId !== order.clientOrderId);
      set({ orders: newestFirst([order, ...others], (o) => o.createdAt).slice(0, KEEP_ROWS) });
    },
    setFills: (fills) => set({ fills: newestFirst(fills, (f) => f.time).slice(0, KEEP_ROWS) }),
    applyFill: (fill) => {
      const { fills } = get();
      // A fill replayed after a reconnect is the same execution: counted once.
      if (fills.some((f) => f.id === fill.id)) return;
      set({ fills: newestFirst([fill, ...fills], (f) => f.time).slice(0, KEEP_ROWS) });
    },
    setPortfolio: (portfolio) => set({ portfolio }),
    setRisk: (risk) => set({ risk }),
    setMode: (mode) => set({ mode }),
    setPolicies: (policies) => set({ policies }),
    setLoadError: (domain, error) => {
      const { [domain]: _old, ...rest } = get().loadErrors;
      set({ loadErrors: error === null ? rest : { ...rest, [domain]: error } });
    },
    setLastPrice: (venue, symbol, price) => {
      const key = priceKey(venue, symbol);
      const { lastPrices } = get();
      if (lastPrices[key] !== price) set({ lastPrices: { ...lastPrices, [key]: price } });
    },
    reset: () => set(EMPTY),
  }));
}

export function priceKey(venue: string, symbol: string): string {
  return `${venue}:${symbol}`;
}

/** Oldest first: the proposal that expires soonest is usually the one to decide now. */
function sortQueue(proposals: readonly ProposalView[]): ProposalView[] {
  return [...proposals].sort((a, b) => statusRank(a) - statusRank(b) || a.expiresAt - b.expiresAt || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

function statusRank(p: ProposalView): number {
  return p.status === 'pending' ? 0 : 1;
}

function newestFirst<T>(rows: readonly T[], time: (row: T) => number): T[] {
  return [...rows].sort((a, b) => time(b) - time(a));
}

function withFeedback(feedback: readonly DecisionFeedback[], next: DecisionFeedback): DecisionFeedback[] {
  return [next, ...feedback.filter((f) => f.proposalId !== next.proposalId)].slice(0, KEEP_FEEDBACK);
}

/** The line shown when a proposal leaves the queue: what was decided, on what, and by whom. */
export function feedbackOf(proposal: ProposalView, now: number): DecisionFeedback {
  const what = `${sideLabel(proposal.side)} ${formatDecimal(proposal.quantity)} ${proposal.symbol}`;
  const by = proposal.decidedBy?.kind === 'policy' ? ` by policy ${proposal.decidedBy.policy}` : '';
  // Local receipt time, not the engine's decision time: the feedback's life is measured on this clock.
  const at = now;
  switch (proposal.status) {
    case 'approved':
    case 'submitted':
      return { proposalId: proposal.id, tone: 'approved', text: `Approved${by}: ${what} sent`, at };
    case 'rejected':
      return { proposalId: proposal.id, tone: 'rejected', text: `Rejected${by}: ${what}`, at };
    case 'expired':
      return { proposalId: proposal.id, tone: 'expired', text: `Expired: ${what}${proposal.reason ? ` — ${proposal.reason}` : ''}`, at };
    case 'snoozed':
      return { proposalId: proposal.id, tone: 'snoozed', text: `Snoozed: ${what}`, at };
    default:
      return { proposalId: proposal.id, tone: 'failed', text: `Failed: ${what}${proposal.reason ? ` — ${proposal.reason}` : ''}`, at };
  }
}
