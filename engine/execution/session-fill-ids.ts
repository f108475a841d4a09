import type { Fill } from '../model/order';
import type { ExecutionClient, ExecutionEvents } from './execution-client';

/**
 * A venue that lives only in memory (the paper venue) numbers its executions from 1 again after every
 * restart, while the journal keeps fills once per (venue, id) forever. Prefixing each execution id with
 * the session keeps a new session's fills from being taken for old ones. Everything else passes through.
 */
export function withSessionFillIds<C extends ExecutionClient>(client: C, session: string): ExecutionClient & { readonly inner: C } {
  const rename = (fill: Fill): Fill => ({ ...fill, id: `${session}-${fill.id}` });
  return {
    inner: client,
    venue: client.venue,
    submit: (request) => client.submit(request),
    cancel: (symbol, id) => client.cancel(symbol, id),
    amend: (symbol, id, changes) => client.amend(symbol, id, changes),
    fetchOrder: (symbol, id) => client.fetchOrder(symbol, id),
    fetchOpenOrders: (symbol) => client.fetchOpenOrders(symbol),
    fetchFills: async (since, symbol) => (await client.fetchFills(since, symbol)).map(rename),
    fetchPositions: () => client.fetchPositions(),
    fetchBalances: () => client.fetchBalances(),
    subscribe: (events: ExecutionEvents) => client.subscribe({ ...events, ...(events.onFill ? { onFill: (fill: Fill) => events.onFill?.(rename(fill)) } : {}) }),
    close: () => client.close(),
  };
}
