import type { ChainStatus, FlowBucket, OnchainTransfer, TransferEvent } from '../../engine-client/api-types';

/** Most transfers the feed keeps; older ones stay in the engine. */
export const FEED_LIMIT = 200;

/**
 * Applies one transfer event to the feed (newest first). Whales only; a final event updates the row in
 * place, and a retraction keeps the row, marked, so the trader sees that an alert was withdrawn.
 */
export function applyTransferEvent(feed: readonly OnchainTransfer[], event: TransferEvent): OnchainTransfer[] {
  const { transfer } = event;
  const index = feed.findIndex((t) => t.id === transfer.id);
  if (index === -1) {
    if (event.kind !== 'new' || !transfer.whale) return feed as OnchainTransfer[];
    const next = [...feed];
    const at = next.findIndex((t) => t.blockTime < transfer.blockTime || (t.blockTime === transfer.blockTime && t.blockNumber < transfer.blockNumber));
    next.splice(at === -1 ? next.length : at, 0, transfer);
    return next.slice(0, FEED_LIMIT);
  }
  const next = [...feed];
  next[index] = transfer;
  return next;
}

const flowKey = (f: FlowBucket): string => `${f.chain}|${f.token}|${f.exchange}|${f.start}`;

export function applyFlow(flows: ReadonlyMap<string, FlowBucket>, bucket: FlowBucket): Map<string, FlowBucket> {
  const next = new Map(flows);
  next.set(flowKey(bucket), bucket);
  return next;
}

export function flowMap(buckets: readonly FlowBucket[]): Map<string, FlowBucket> {
  return new Map(buckets.map((b) => [flowKey(b), b]));
}

type Net = { readonly netUsd: number; readonly unpriced: boolean };
export type HourlyNet = Net & { readonly start: number };
export type ExchangeNet = Net & { readonly exchange: string };

/** Sums net USD flow by a key; a group holding an unpriced bucket says so rather than hiding it. */
function sumNet<K>(flows: ReadonlyMap<string, FlowBucket>, token: string | null, keyOf: (f: FlowBucket) => K): Map<K, Net> {
  const groups = new Map<K, Net>();
  for (const f of flows.values()) {
    if (token && f.token !== token) continue;
    const key = keyOf(f);
    const group = groups.get(key) ?? { netUsd: 0, unpriced: false };
    groups.set(key, { netUsd: group.netUsd + (f.netUsd ?? 0), unpriced: group.unpriced || f.netUsd === null });
  }
  return groups;
}

/** Net exchange inflow in USD per hour over all exchanges. */
export function hourlyNet(flows: ReadonlyMap<string, FlowBucket>, token: string | null): HourlyNet[] {
  return [...sumNet(flows, token, (f) => f.start).entries()].sort(([a], [b]) => a - b).map(([start, v]) => ({ start, ...v }));
}

export function netByExchange(flows: ReadonlyMap<string, FlowBucket>, token: string | null): ExchangeNet[] {
  return [...sumNet(flows, token, (f) => f.exchange).entries()]
    .map(([exchange, v]) => ({ exchange, ...v }))
    .sort((a, b) => Math.abs(b.netUsd) - Math.abs(a.netUsd));
}

export function mergeStatus(statuses: readonly ChainStatus[], status: ChainStatus): ChainStatus[] {
  const index = statuses.findIndex((s) => s.chain === status.chain);
  if (index === -1) return [...statuses, status];
  const next = [...statuses];
  next[index] = status;
  return next;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

export function formatUsd(value: number | null): string {
  if (value === null) return 'USD unknown';
  return `${value < 0 ? '−' : ''}$${compact.format(Math.abs(value))}`;
}

export function formatAmount(value: number): string {
  return compact.format(value);
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export const CLASS_NAMES: Record<OnchainTransfer['classification'], string> = {
  'exchange-inflow': 'Exchange inflow',
  'exchange-outflow': 'Exchange outflow',
  'exchange-to-exchange': 'Exchange → exchange',
  'whale-to-whale': 'Whale → whale',
  'stablecoin-mint': 'Stablecoin mint',
  'stablecoin-burn': 'Stablecoin burn',
};
