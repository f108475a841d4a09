import type { Clock } from '../../core/clock';
import type { Instrument } from '../../model/instrument';
import type { Signal } from '../../model/signal';
import type { OrderRequest } from '../../model/order';
import { clientOrderIdFor, type ExecutionEngine } from '../../execution/execution-engine';
import { toIntent } from '../../execution/approval-queue';
import type { ProposalRecord } from '../../execution/order-journal';
import type { SimMatcher } from '../../adapters/sim/sim-matcher';
import type { Portfolio } from '../../portfolio/portfolio';
import type { ProposalFactory } from '../../execution/proposal-factory';
import type { RiskEngine } from '../../risk/risk-engine';
import type { RegimeLabel } from '../../model/regime';
import type { ApprovalDecision } from './approval-policy';

export type RouterCounts = {
  signals: number;
  suppressed: number;
  /** Signals the proposal factory turned down (nothing to close, already in a position, no size). */
  notProposed: number;
  rejectedByApproval: number;
  rejectedByRisk: number;
  rejectedByVenue: number;
  orders: number;
};

export type RouterOptions = {
  /** With an execution engine, orders are journaled and sent through it; without, they go to the venue directly. */
  readonly engine?: ExecutionEngine;
  /** The sim venue and the portfolio its fills feed (the paper client has both). */
  readonly client: { readonly venue: string; readonly matcher: SimMatcher; readonly portfolio: Portfolio };
  readonly risk: RiskEngine;
  readonly proposals: ProposalFactory;
  readonly instrument: Instrument;
  readonly clock: Clock;
  readonly approve: (signal: Signal) => ApprovalDecision;
};

type Delayed = { readonly proposal: ProposalRecord; readonly due: number };

/**
 * The live order path for one series, with a simulated trader: signal → ProposalFactory (sized by the risk
 * code's sizing) → the approval policy → RiskEngine.check → ExecutionEngine (journaled, deterministic client order
 * id) → the paper client's sim venue. The factory decides what a signal means: an entry only when flat, a close
 * (reduce-only) for a signal against the position or a flat one.
 */
export class OrderRouter {
  readonly counts: RouterCounts = { signals: 0, suppressed: 0, notProposed: 0, rejectedByApproval: 0, rejectedByRisk: 0, rejectedByVenue: 0, orders: 0 };
  /** Regime of each entry not filled yet, by client order id, for the trade it opens (none without a regime). */
  private readonly entryRegimes = new Map<string, RegimeLabel>();
  /** Submissions whose answers have not been read yet; the kernel waits for them at the end of the bar. */
  readonly inFlight: Promise<void>[] = [];
  private delayed: Delayed[] = [];
  private wins = 0;
  private losses = 0;
  private winSum = 0;
  private lossSum = 0;

  constructor(private readonly options: RouterOptions) {}

  /** A signal at the close of bar `index`. */
  onSignal(signal: Signal, index: number, atr: number | undefined): void {
    this.counts.signals += 1;
    if (signal.suppressed) {
      this.counts.suppressed += 1;
      return;
    }
    const { client, instrument, proposals, clock } = this.options;
    const portfolio = client.portfolio;
    const trades = this.wins + this.losses;
    const outcome = proposals.create({
      signal,
      instrument,
      account: { equity: portfolio.equity(), available: portfolio.available(), positionQuantity: portfolio.quantity(instrument.symbol) },
      mode: 'paper',
      now: clock.now(),
      // Kelly's record: this strategy's closed trades in the test, a mild prior until there are ten.
      winRate: trades >= 10 ? this.wins / trades : 0.55,
      payoffRatio: trades >= 10 && this.wins > 0 && this.losses > 0 ? this.winSum / this.wins / (this.lossSum / this.losses) : 1.2,
      atr,
    });
    if (!outcome.ok) {
      this.counts.notProposed += 1;
      return;
    }
    const decision = this.options.approve(signal);
    if (decision.kind === 'reject') {
      this.counts.rejectedByApproval += 1;
      return;
    }
    if (decision.afterBars > 0 && !outcome.proposal.reduceOnly) this.delayed.push({ proposal: outcome.proposal, due: index + decision.afterBars });
    else this.send(outcome.proposal);
  }

  /** At the close of bar `index`: proposals whose (simulated) approval arrives now go out. */
  onBarClosed(index: number): void {
    if (this.delayed.length === 0) return;
    const due = this.delayed.filter((d) => d.due <= index);
    if (due.length === 0) return;
    this.delayed = this.delayed.filter((d) => d.due > index);
    for (const d of due) {
      // The position may have changed while the trader thought about it: an entry needs a flat book still.
      if (this.options.client.portfolio.quantity(this.options.instrument.symbol) !== 0n) {
        this.counts.notProposed += 1;
        continue;
      }
      this.send(d.proposal);
    }
  }

  /**
   * The regime the order `clientOrderId` was sent in if it is an entry, read when it fills; then forgotten (a sim
   * order fills in one go), so the map holds only entries still open.
   */
  entryRegime(clientOrderId: string): RegimeLabel | undefined {
    if (this.entryRegimes.size === 0) return undefined;
    const regime = this.entryRegimes.get(clientOrderId);
    if (regime !== undefined) this.entryRegimes.delete(clientOrderId);
    return regime;
  }

  recordTrade(pnl: number): void {
    if (pnl > 0) {
      this.wins += 1;
      this.winSum += pnl;
    } else {
      this.losses += 1;
      this.lossSum -= pnl;
    }
  }

  /** Drops approvals still waiting (the end of the test). */
  dropWaiting(): void {
    this.delayed = [];
  }

  private send(p: ProposalRecord): void {
    const { engine, client, risk, instrument } = this.options;
    const entry = !p.reduceOnly;
    // The same id the execution engine gives the order; written out field by field (an order per signal, no spreads).
    const clientOrderId = clientOrderIdFor(p.id, 0);
    const request: OrderRequest = {
      clientOrderId,
      venue: client.venue,
      symbol: p.symbol,
      side: p.side,
      type: 'market',
      quantity: p.quantity,
      timeInForce: 'GTC',
      reduceOnly: p.reduceOnly,
      stopLoss: entry ? p.stop : undefined,
      takeProfit: entry ? p.target : undefined,
      proposalId: p.id,
      strategy: p.strategy,
      createdAt: this.options.clock.now(),
    };
    const portfolio = client.portfolio;
    const decision = risk.check(request, {
      instrument,
      price: client.matcher.lastPrice(instrument.symbol),
      equity: portfolio.equity(),
      position: portfolio.quantity(instrument.symbol),
      exposure: portfolio.exposure(),
    });
    if (!decision.ok) {
      this.counts.rejectedByRisk += 1;
      return;
    }
    this.counts.orders += 1;
    if (entry && p.regime !== undefined) this.entryRegimes.set(clientOrderId, p.regime);
    if (!engine) {
      // The venue answers at once.
      if (client.matcher.submit(request).status === 'rejected') this.counts.rejectedByVenue += 1;
      return;
    }
    const sent = engine.submit(toIntent(p));
    this.inFlight.push(
      sent.then((order) => {
        if (order.status === 'rejected') this.counts.rejectedByVenue += 1;
      }),
    );
  }
}
