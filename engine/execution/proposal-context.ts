import type { SentimentAggregate } from '../model/sentiment';
import type { Signal } from '../model/signal';
import type { FlowBucket } from '../signals/onchain/onchain-types';
import type { ProposalContextSource } from './proposal-factory';

export type ProposalContextDeps = {
  /** The symbol's base asset (BTC for BTCUSDT), when the instrument is known. */
  readonly baseOf: (venue: string, symbol: string) => string | undefined;
  readonly sentimentAsOf: (asset: string, at: number) => SentimentAggregate | null;
  readonly flows: (query: { token: string; from: number; to: number }) => readonly FlowBucket[];
};

const DAY_MS = 86_400_000;

/**
 * One-line context for a proposal, from what the engine stored up to the signal: the asset's hourly
 * sentiment and its exchange flows over the last day. Nothing when there is nothing to say.
 */
export function proposalContext(deps: ProposalContextDeps): ProposalContextSource {
  return {
    sentiment: (signal: Signal) => {
      const base = deps.baseOf(signal.venue, signal.symbol);
      const aggregate = base ? deps.sentimentAsOf(base, signal.receivedAt) : null;
      if (!base || !aggregate || aggregate.count === 0) return undefined;
      const score = `${aggregate.score >= 0 ? '+' : ''}${aggregate.score.toFixed(2)}`;
      return `${base} sentiment ${score} over 1h (${aggregate.count} items, confidence ${aggregate.confidence.toFixed(2)}${aggregate.spike ? ', a spike' : ''})`;
    },
    whales: (signal: Signal) => {
      const base = deps.baseOf(signal.venue, signal.symbol);
      if (!base) return undefined;
      const buckets = deps.flows({ token: base, from: signal.receivedAt - DAY_MS, to: signal.receivedAt });
      if (buckets.length === 0) return undefined;
      const transfers = buckets.reduce((sum, b) => sum + b.transfers, 0);
      const usd = buckets.every((b) => b.netUsd !== null) ? buckets.reduce((sum, b) => sum + (b.netUsd ?? 0), 0) : undefined;
      const net = buckets.reduce((sum, b) => sum + b.net, 0);
      const amount = usd !== undefined ? `$${Math.round(Math.abs(usd)).toLocaleString('en-US')}` : `${Math.abs(net).toFixed(2)} ${base}`;
      return `${base} whales: net ${(usd ?? net) >= 0 ? 'inflow to' : 'outflow from'} exchanges ${amount} over 24h (${transfers} transfers)`;
    },
  };
}
