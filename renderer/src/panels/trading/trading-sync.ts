import type { EngineClient } from '../../engine-client/engine-client';
import type { TradingDomain, TradingStore } from './trading-store';
import { errorText } from '../../format/format';

type SyncClient = Pick<EngineClient, 'call' | 'on' | 'onGap' | 'onStateChange' | 'getState'>;

/** Rows of orders and fills loaded at start; the streams add the rest. */
export const LOAD_ROWS = 200;
/** Longest a held position's open PnL may lag a new bar of its symbol. */
export const MARK_REFRESH_MS = 1_000;

/**
 * Keeps the trading store in step with the engine: every part is loaded when an engine welcomes us,
 * then the streams update it (proposals, orders, fills, portfolio, risk, mode), and a part whose
 * events were lost is loaded again. Each part loads on its own, so one failing (an engine without
 * trading services) leaves the others working and says why. Returns a stop function.
 */
export function startTradingSync(client: SyncClient, store: TradingStore): () => void {
  let stopped = false;
  const state = () => store.getState();

  const load = <T>(domain: TradingDomain, request: () => Promise<T>, apply: (result: T) => void): void => {
    request().then(
      (result) => {
        if (stopped) return;
        apply(result);
        state().setLoadError(domain, null);
      },
      (failure: unknown) => {
        if (!stopped) state().setLoadError(domain, errorText(failure));
      },
    );
  };

  const loaders: Record<TradingDomain, () => void> = {
    approvals: () => load('approvals', () => client.call('approvals.list', {}), (list) => state().setProposals(list)),
    orders: () => load('orders', () => client.call('orders.list', { limit: LOAD_ROWS }), (list) => state().setOrders(list)),
    fills: () => load('fills', () => client.call('orders.fills', { limit: LOAD_ROWS }), (list) => state().setFills(list)),
    portfolio: () => load('portfolio', () => client.call('portfolio.get', {}), (view) => state().setPortfolio(view)),
    risk: () => load('risk', () => client.call('risk.get', {}), (view) => state().setRisk(view)),
    mode: () => load('mode', () => client.call('trading.mode', {}), (view) => state().setMode(view)),
    policies: () => load('policies', () => client.call('approvals.policies', {}), (list) => state().setPolicies(list)),
  };

  const offs = [
    client.on('approvals.proposal', (proposal) => state().applyProposal(proposal)),
    client.on('orders.updated', (order) => state().applyOrder(order)),
    client.on('orders.fill', (fill) => state().applyFill(fill)),
    client.on('portfolio.updated', (view) => state().setPortfolio(view)),
    client.on('risk.state', (view) => state().setRisk(view)),
    client.on('trading.mode', (view) => state().setMode(view)),
    // A paper reset cancelled orders, expired proposals and replaced the account: every window reads them again.
    client.on('paper.reset', () => {
      for (const domain of ['portfolio', 'risk', 'orders', 'fills', 'approvals'] as const) loaders[domain]();
    }),
    client.onGap('approvals.proposal', loaders.approvals),
    client.onGap('orders.updated', loaders.orders),
    client.onGap('orders.fill', loaders.fills),
    client.onGap('portfolio.updated', loaders.portfolio),
    client.onGap('risk.state', loaders.risk),
    client.onGap('trading.mode', () => {
      loaders.mode();
      loaders.policies();
    }),
  ];

  // Marks move with every price; a portfolio holding a symbol is read again (at most once a second) when a
  // bar of that symbol arrives, so open PnL and equity follow the market even between portfolio events.
  let markTimer: ReturnType<typeof setTimeout> | null = null;
  offs.push(
    client.on('data.candle', (event) => {
      state().setLastPrice(event.venue, event.symbol, event.candle.close);
      const held = state().portfolio?.positions.some((p) => p.side !== 'flat' && p.symbol === event.symbol);
      if (!held || markTimer !== null) return;
      markTimer = setTimeout(() => {
        markTimer = null;
        if (!stopped) loaders.portfolio();
      }, MARK_REFRESH_MS);
    }),
  );

  let loadedFrom: string | null = null;
  const loadOnWelcome = (connection: ReturnType<SyncClient['getState']>): void => {
    // A reconnect to the same engine replays what was missed; a new engine is loaded from scratch.
    if (connection.status !== 'open' || connection.engineId === loadedFrom) return;
    loadedFrom = connection.engineId;
    for (const loader of Object.values(loaders)) loader();
  };
  offs.push(client.onStateChange(loadOnWelcome));
  loadOnWelcome(client.getState());

  return () => {
    stopped = true;
    if (markTimer !== null) clearTimeout(markTimer);
    for (const off of offs) off();
  };
}

/** Loads one part again, e.g. the policies after the trader changed one. */
export function reloadPolicies(client: Pick<EngineClient, 'call'>, store: TradingStore): Promise<void> {
  return client.call('approvals.policies', {}).then((list) => store.getState().setPolicies(list));
}
