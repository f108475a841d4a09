import { OPEN_STATUSES, type EmulatedOrder } from './account-types';
import { executionView, orderView, positionView, walletView } from './account-views';
import { BybitError } from './bybit-error';
import type { EmulatedAccount, PlaceOrderParams } from './emulated-account';

/** Signed v5 endpoints of the private side, served for linear (USDT perpetual) instruments. */
export const PRIVATE_PATHS = new Set([
  '/v5/account/wallet-balance',
  '/v5/account/info',
  '/v5/user/query-api',
  '/v5/account/fee-rate',
  '/v5/order/create',
  '/v5/order/amend',
  '/v5/order/cancel',
  '/v5/order/cancel-all',
  '/v5/order/realtime',
  '/v5/order/history',
  '/v5/execution/list',
  '/v5/position/list',
  '/v5/position/set-leverage',
  '/v5/position/trading-stop',
]);

const WRITE_PATHS = new Set(['/v5/order/create', '/v5/order/amend', '/v5/order/cancel', '/v5/order/cancel-all', '/v5/position/set-leverage', '/v5/position/trading-stop']);

/** Whether a request reaches the account (writes do, even when their answer is then lost by a fault). */
export function isOrderWrite(path: string): boolean {
  return WRITE_PATHS.has(path);
}

/** Answers one signed request; `query` for GET, the parsed JSON body for POST. */
export function privateRoute(account: EmulatedAccount, method: string, path: string, query: URLSearchParams, body: string): unknown {
  const expectPost = WRITE_PATHS.has(path);
  if (expectPost !== (method === 'POST')) throw new BybitError(10001, `use ${expectPost ? 'POST' : 'GET'} for ${path}`);
  if (expectPost) return write(account, path, parseBody(body));
  return read(account, path, query);
}

function write(account: EmulatedAccount, path: string, params: PlaceOrderParams): unknown {
  if (path === '/v5/position/set-leverage') {
    linearOnly(params.category);
    const buy = Number(params.buyLeverage);
    if (buy !== Number(params.sellLeverage)) throw new BybitError(10001, 'buyLeverage must equal sellLeverage in one-way mode');
    account.setLeverage(String(params.symbol ?? ''), buy);
    return {};
  }
  if (path === '/v5/position/trading-stop') {
    linearOnly(params.category);
    account.setTradingStop(params);
    return {};
  }
  linearOnly(params.category);
  if (path === '/v5/order/cancel-all') {
    const symbol = typeof params.symbol === 'string' && params.symbol !== '' ? params.symbol : undefined;
    if (symbol === undefined && params.settleCoin !== 'USDT') throw new BybitError(10001, 'params error: symbol or settleCoin is required');
    const cancelled = account.cancelAll(symbol);
    return { list: cancelled.map((o) => ({ orderId: o.orderId, orderLinkId: o.orderLinkId })), success: '1' };
  }
  const order = path === '/v5/order/create' ? account.place(params) : path === '/v5/order/amend' ? account.amend(params) : account.cancel(params);
  return { orderId: order.orderId, orderLinkId: order.orderLinkId };
}

function read(account: EmulatedAccount, path: string, query: URLSearchParams): unknown {
  if (path === '/v5/account/wallet-balance') {
    if (query.get('accountType') !== 'UNIFIED') throw new BybitError(10001, 'accountType only support UNIFIED');
    return walletView(account);
  }
  if (path === '/v5/account/info') return { unifiedMarginStatus: 6, marginMode: 'REGULAR_MARGIN', isMasterTrader: false, spotHedgingStatus: 'OFF', updatedTime: String(Date.now()) };
  if (path === '/v5/user/query-api') return { id: '1', note: 'emulator', readOnly: 0, permissions: { ContractTrade: ['Order', 'Position'] }, unified: 0, uta: 1, isMaster: true };
  if (path === '/v5/account/fee-rate') return { list: [...account.specs.keys()].map((symbol) => ({ symbol, takerFeeRate: '0.00055', makerFeeRate: '0.0002' })) };
  const category = query.get('category');
  if (path === '/v5/position/list' && category === 'inverse') return { category, list: [], nextPageCursor: '' };
  linearOnly(category);
  if (path === '/v5/order/realtime' || path === '/v5/order/history') return orders(account, path, query);
  if (path === '/v5/execution/list') return executions(account, query);
  return positions(account, query);
}

function orders(account: EmulatedAccount, path: string, query: URLSearchParams) {
  const orderId = query.get('orderId') ?? undefined;
  const linkId = query.get('orderLinkId') ?? undefined;
  const symbol = query.get('symbol') ?? undefined;
  if (!symbol && query.get('settleCoin') !== 'USDT' && !orderId && !linkId && path === '/v5/order/realtime') {
    throw new BybitError(10001, 'params error: symbol, settleCoin or an order id is required');
  }
  const status = query.get('orderStatus');
  let list: readonly EmulatedOrder[];
  if (orderId || linkId) {
    // A query by id sees any recent order, open or closed, as Bybit's does.
    const found = account.order(orderId, linkId);
    list = found && (!symbol || found.symbol === symbol) ? [found] : [];
    if (path === '/v5/order/history') list = list.filter((o) => !OPEN_STATUSES.includes(o.status));
  } else {
    const open = path === '/v5/order/realtime';
    list = account.allOrders().filter((o) => (!symbol || o.symbol === symbol) && OPEN_STATUSES.includes(o.status) === open && (!status || o.status === status));
  }
  const page = paginate([...list].reverse(), query, 20, 50);
  return { category: 'linear', list: page.items.map((o) => orderView(account, o)), nextPageCursor: page.next };
}

function executions(account: EmulatedAccount, query: URLSearchParams) {
  const symbol = query.get('symbol') ?? undefined;
  const orderId = query.get('orderId') ?? undefined;
  const linkId = query.get('orderLinkId') ?? undefined;
  const execType = query.get('execType');
  const start = Number(query.get('startTime') ?? 0);
  const end = Number(query.get('endTime') ?? Number.MAX_SAFE_INTEGER);
  if (execType && execType !== 'Trade') return { category: 'linear', list: [], nextPageCursor: '' };
  const list = account
    .allExecutions()
    .filter((e) => (!symbol || e.symbol === symbol) && (!orderId || e.orderId === orderId) && (!linkId || e.orderLinkId === linkId) && e.execTime >= start && e.execTime <= end);
  const page = paginate([...list].reverse(), query, 50, 100);
  return { category: 'linear', list: page.items.map((e) => executionView(account, e)), nextPageCursor: page.next };
}

function positions(account: EmulatedAccount, query: URLSearchParams) {
  const symbol = query.get('symbol');
  if (!symbol && query.get('settleCoin') !== 'USDT') throw new BybitError(10001, 'params error: symbol or settleCoin is required');
  // With a symbol Bybit returns the row even when flat; with settleCoin only open positions.
  const list = symbol ? [account.position(spec(account, symbol))] : account.openPositions();
  const page = paginate(list, query, 20, 200);
  return { category: 'linear', list: page.items.map((p) => positionView(account, p)), nextPageCursor: page.next };
}

function spec(account: EmulatedAccount, symbol: string): string {
  return account.spec(symbol).symbol;
}

/** Cursor paging: the cursor is the offset of the next page, "" when there is none. */
function paginate<T>(items: readonly T[], query: URLSearchParams, defaultLimit: number, maxLimit: number): { items: T[]; next: string } {
  const limit = Math.min(maxLimit, Math.max(1, Number(query.get('limit') ?? defaultLimit) || defaultLimit));
  const offset = Math.max(0, Number(query.get('cursor') ?? 0) || 0);
  const slice = items.slice(offset, offset + limit);
  return { items: slice, next: offset + limit < items.length ? String(offset + limit) : '' };
}

function linearOnly(category: unknown): void {
  if (category !== 'linear') throw new BybitError(10001, `the emulator's private side serves category=linear, not ${String(category)}`);
}

function parseBody(body: string): PlaceOrderParams {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as PlaceOrderParams;
  } catch {
    // answered below
  }
  throw new BybitError(10001, 'params error: the body is not a JSON object');
}
