import type { FlowKey } from '../../store/repositories/onchain-repository';
import type { OnchainTransfer } from './onchain-types';

/** Exchange flows are summed in hourly buckets by block time; longer windows add buckets up. */
export const FLOW_BUCKET_MS = 3_600_000;

export function bucketStart(time: number): number {
  return Math.floor(time / FLOW_BUCKET_MS) * FLOW_BUCKET_MS;
}

/** The flow buckets a set of transfers touches: one per exchange on either side. */
export function flowKeysOf(transfers: readonly OnchainTransfer[]): FlowKey[] {
  const keys = new Map<string, FlowKey>();
  for (const t of transfers) {
    for (const label of [t.fromLabel, t.toLabel]) {
      if (label?.kind !== 'exchange') continue;
      const key = { chain: t.chain, token: t.token, exchange: label.entity, start: bucketStart(t.blockTime) };
      keys.set(`${key.chain}|${key.token}|${key.exchange}|${key.start}`, key);
    }
  }
  return [...keys.values()];
}
