import type { CandleEvent } from '../data/candle-service';
import type { ChainStatusEvent, FlowEvent, TransferEvent } from '../signals/onchain/onchain-types';

/** Engine status, published when it changes; the first thing a new window shows. */
export type SystemStatusEvent = { readonly state: 'running' | 'stopping'; readonly at: number };

/**
 * Every event stream a client can subscribe to, with its payload. Each stream has its own sequence
 * numbers, so a reconnecting client can ask for exactly what it missed.
 */
export type EngineEvents = {
  'data.candle': CandleEvent;
  'system.status': SystemStatusEvent;
  /** A whale or exchange transfer: new (pending or already final), final, or retracted by a reorg. */
  'onchain.transfer': TransferEvent;
  /** An exchange flow bucket that changed. */
  'onchain.flow': FlowEvent;
  'onchain.status': ChainStatusEvent;
};

export type EventStream = keyof EngineEvents;

export const EVENT_STREAMS = ['data.candle', 'system.status', 'onchain.transfer', 'onchain.flow', 'onchain.status'] as const satisfies readonly EventStream[];
