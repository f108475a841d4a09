import type { ExecutionClient, ExecutionEvents } from './execution-client';

/**
 * A venue client that names symbols its own way (ccxt's unified `BTC/USDT:USDT`) seen with the market
 * data's names (the venue's id, `BTCUSDT`), which proposals, the journal and the account use. Requests
 * pass as they are (the client accepts either); everything coming back is renamed.
 */
export function withMarketSymbols(client: ExecutionClient, toMarket: (venueSymbol: string) => string): ExecutionClient {
  const rename = <T extends { readonly symbol: string }>(item: T): T => ({ ...item, symbol: toMarket(item.symbol) });
  return {
    venue: client.venue,
    submit: async (request) => rename(await client.submit(request)),
    cancel: async (symbol, id) => rename(await client.cancel(symbol, id)),
    amend: async (symbol, id, changes) => rename(await client.amend(symbol, id, changes)),
    fetchOrder: async (symbol, id) => {
      const order = await client.fetchOrder(symbol, id);
      return order && rename(order);
    },
    fetchOpenOrders: async (symbol) => (await client.fetchOpenOrders(symbol)).map(rename),
    fetchFills: async (since, symbol) => (await client.fetchFills(since, symbol)).map(rename),
    fetchPositions: async () => (await client.fetchPositions()).map(rename),
    fetchBalances: () => client.fetchBalances(),
    subscribe: (events: ExecutionEvents) =>
      client.subscribe({
        ...events,
        ...(events.onOrder ? { onOrder: (order) => events.onOrder?.(rename(order)) } : {}),
        ...(events.onFill ? { onFill: (fill) => events.onFill?.(rename(fill)) } : {}),
        ...(events.onPosition ? { onPosition: (position) => events.onPosition?.(rename(position)) } : {}),
      }),
    close: () => client.close(),
  };
}

/** ccxt's unified name of a linear contract (`BTC/USDT:USDT`) to the venue id the market data uses (`BTCUSDT`). */
export function unifiedToId(symbol: string): string {
  const match = /^([^/]+)\/([^:]+)(?::.+)?$/.exec(symbol);
  return match ? `${match[1]}${match[2]}` : symbol;
}
