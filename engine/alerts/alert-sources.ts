import type { FillView, ProposalView, RiskView } from '../execution/execution-views';
import type { RegimeState } from '../model/regime';
import type { SentimentAggregate } from '../model/sentiment';
import type { TransferEvent } from '../signals/onchain/onchain-types';
import type { AlertSeverity, AlertView } from './alert-types';

/** An alert a bus event asks for, before the rules decide what happens to it. */
export type AlertCandidate = Pick<AlertView, 'kind' | 'severity' | 'title' | 'body' | 'symbol' | 'proposalId'> & {
  /** Alerts with the same key within the de-duplication window are duplicates. */
  readonly dedupKey: string;
  /** What the kind's threshold compares against (whale USD value, |sentiment move|, fill notional USD). */
  readonly value?: number;
  /** A channel this alert is about, and so must not travel by (Telegram's own failures). */
  readonly notVia?: AlertView['channels'][number];
};

const usd = (value: number): string => `$${Math.round(value).toLocaleString('en-US')}`;

/** Account money comes as a fixed-scale decimal ("468.83640000"); a message reads better in cents. */
const money = (decimal: string): string => {
  const value = Number(decimal);
  return Number.isFinite(value) ? value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : decimal;
};

/**
 * Turns bus events into alert candidates. It keeps the little state a change needs (the last regime per
 * series, the last risk state, the last sentiment score per symbol and window) so only changes alert.
 */
export class AlertSources {
  private readonly regimes = new Map<string, string>();
  private riskState: RiskView['state'] | undefined;
  private readonly sentiment = new Map<string, number>();
  private readonly proposals = new Set<string>();
  /** Proposals seen snoozed: their next pending view is their return. */
  private readonly snoozed = new Set<string>();

  /** The kill switch's state when alerting starts, so the first change after it alerts. */
  baseline(riskState: RiskView['state'] | undefined): void {
    this.riskState = riskState;
  }

  /**
   * A new pending proposal: the trader has something to decide. One back from a snooze alerts again (with
   * fresh buttons on Telegram), unless it was decided meanwhile and so never comes back pending.
   */
  proposal(view: ProposalView): AlertCandidate | null {
    if (view.status === 'snoozed') {
      if (this.snoozed.size >= 10_000) this.snoozed.clear();
      this.snoozed.add(view.id);
      return null;
    }
    if (view.status !== 'pending') this.snoozed.delete(view.id);
    if (view.status !== 'pending' || view.decidedAt !== undefined || view.snoozedUntil !== undefined) return null;
    const back = this.snoozed.delete(view.id);
    // A modified proposal is published again, still pending: only its first appearance alerts.
    if (this.proposals.has(view.id) && !back) return null;
    if (this.proposals.size >= 10_000) this.proposals.clear();
    this.proposals.add(view.id);
    const stop = view.stop ? `, stop ${view.stop}` : '';
    return {
      kind: 'proposal',
      severity: 'warning',
      title: `${view.side === 'buy' ? 'Buy' : 'Sell'} ${view.quantity} ${view.symbol} — ${back ? 'back from snooze, ' : ''}approve?`,
      body: `${view.strategy} on ${view.venue} ${view.timeframe}: ${view.orderType} at ${view.entry}${stop}; notional ${money(view.notional)}, risk ${(view.riskFraction * 100).toFixed(2)} % (${view.mode}). ${view.rationale}`,
      symbol: view.symbol,
      proposalId: view.id,
      // Each offer has its own key: a snooze moves the expiry, so a proposal back from one is not a duplicate.
      dedupKey: back ? `proposal:${view.id}:${view.expiresAt}` : `proposal:${view.id}`,
    };
  }

  fill(fill: FillView): AlertCandidate {
    const notional = Number(fill.quantity) * Number(fill.price);
    return {
      kind: 'fill',
      severity: 'info',
      title: `Filled: ${fill.side} ${fill.quantity} ${fill.symbol} at ${fill.price}`,
      body: `${fill.venue} order ${fill.clientOrderId}, notional ${usd(notional)}, fee ${fill.fee} (${fill.liquidity}).`,
      symbol: fill.symbol,
      proposalId: null,
      dedupKey: `fill:${fill.venue}:${fill.id}`,
      value: notional,
    };
  }

  /** Kill-switch changes only: HALTED is critical, REDUCE_ONLY a warning, back to ACTIVE news. */
  risk(view: RiskView): AlertCandidate | null {
    const previous = this.riskState;
    this.riskState = view.state;
    if (previous === undefined || previous === view.state) return null;
    const severity: AlertSeverity = view.state === 'HALTED' ? 'critical' : view.state === 'REDUCE_ONLY' ? 'warning' : 'info';
    const title = view.state === 'HALTED' ? 'Kill switch: trading halted' : view.state === 'REDUCE_ONLY' ? 'Risk: reduce-only' : 'Trading resumed';
    return {
      kind: 'kill-switch',
      severity,
      title,
      body: `${previous} → ${view.state}${view.reason ? `: ${view.reason}` : ''}`,
      symbol: null,
      proposalId: null,
      dedupKey: `kill-switch:${view.state}`,
    };
  }

  /** A change of the most likely regime of a series (the first state seen only sets the baseline). */
  regime(state: RegimeState): AlertCandidate | null {
    const series = `${state.venue}:${state.symbol}:${state.timeframe}`;
    const previous = this.regimes.get(series);
    this.regimes.set(series, state.regime);
    if (previous === undefined || previous === state.regime) return null;
    return {
      kind: 'regime',
      severity: state.regime === 'stress' ? 'warning' : 'info',
      title: `${state.symbol} ${state.timeframe}: ${previous} → ${state.regime}`,
      body: `${state.venue} ${state.symbol} ${state.timeframe} entered ${state.regime} (confidence ${(state.confidence * 100).toFixed(0)} %).`,
      symbol: state.symbol,
      proposalId: null,
      dedupKey: `regime:${series}:${state.regime}`,
    };
  }

  /** A new whale or exchange transfer with a known USD value. */
  whale(event: TransferEvent): AlertCandidate | null {
    const t = event.transfer;
    if (event.kind !== 'new' || t.valueUsd === null) return null;
    const from = t.fromLabel?.name ?? `${t.from.slice(0, 10)}…`;
    const to = t.toLabel?.name ?? `${t.to.slice(0, 10)}…`;
    return {
      kind: 'whale',
      severity: t.severity === 'critical' ? 'critical' : t.severity === 'high' ? 'warning' : 'info',
      title: `Whale: ${t.amount} ${t.token} (${usd(t.valueUsd)})`,
      body: `${t.chain}: ${from} → ${to} (${t.classification}).`,
      symbol: t.token,
      proposalId: null,
      dedupKey: `whale:${t.id}`,
      value: t.valueUsd,
    };
  }

  /** A sentiment aggregate flagged as a spike; the value is how far the score moved since the last one. */
  sentimentSpike(aggregate: SentimentAggregate): AlertCandidate | null {
    const key = `${aggregate.symbol}:${aggregate.window}`;
    const previous = this.sentiment.get(key);
    this.sentiment.set(key, aggregate.score);
    if (!aggregate.spike) return null;
    const move = previous === undefined ? Math.abs(aggregate.score) : Math.abs(aggregate.score - previous);
    const direction = previous === undefined || aggregate.score >= previous ? 'up' : 'down';
    return {
      kind: 'sentiment-spike',
      severity: 'warning',
      title: `${aggregate.symbol} sentiment spike ${direction} (${aggregate.window})`,
      body: `Score ${aggregate.score.toFixed(2)}${previous === undefined ? '' : ` from ${previous.toFixed(2)}`} over ${aggregate.count} items, confidence ${(aggregate.confidence * 100).toFixed(0)} %.`,
      symbol: aggregate.symbol,
      proposalId: null,
      dedupKey: `sentiment:${key}:${direction}`,
      value: move,
    };
  }
}
