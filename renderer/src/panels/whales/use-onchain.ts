import { useEffect, useState } from 'react';
import type { ChainStatus, FlowBucket, OnchainTransfer } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { applyFlow, applyTransferEvent, FEED_LIMIT, flowMap, mergeStatus } from './whale-feed';

export type OnchainView = {
  readonly loaded: boolean;
  readonly error: string | null;
  readonly transfers: OnchainTransfer[];
  readonly flows: Map<string, FlowBucket>;
  readonly statuses: ChainStatus[];
};

const EMPTY: OnchainView = { loaded: false, error: null, transfers: [], flows: new Map(), statuses: [] };

/** Loads the whale feed, flows and chain states, then follows the engine's events; a gap reloads. */
export function useOnchain(client: EngineClient): OnchainView {
  const [view, setView] = useState<OnchainView>(EMPTY);
  useEffect(() => {
    let alive = true;
    const load = async (): Promise<void> => {
      try {
        const [transfers, flows, statuses] = await Promise.all([
          client.call('onchain.transfers', { limit: FEED_LIMIT, includeRetracted: true }),
          client.call('onchain.flows', {}),
          client.call('onchain.status', {}),
        ]);
        if (alive) setView((v) => ({ ...v, loaded: true, error: null, transfers, flows: flowMap(flows), statuses }));
      } catch (error) {
        if (alive) setView((v) => ({ ...v, loaded: true, error: (error as Error).message }));
      }
    };
    const stops = [
      client.on('onchain.transfer', (event) => setView((v) => ({ ...v, transfers: applyTransferEvent(v.transfers, event) }))),
      client.on('onchain.flow', (bucket) => setView((v) => ({ ...v, flows: applyFlow(v.flows, bucket) }))),
      client.on('onchain.status', (status) => setView((v) => ({ ...v, statuses: mergeStatus(v.statuses, status) }))),
      client.onGap('onchain.transfer', () => void load()),
      client.onGap('onchain.flow', () => void load()),
      client.onGap('onchain.status', () => void load()),
    ];
    void load();
    return () => {
      alive = false;
      for (const stop of stops) stop();
    };
  }, [client]);
  return view;
}
