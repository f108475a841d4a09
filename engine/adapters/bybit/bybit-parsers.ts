import { divRound, parseUnits, type Units } from '../../core/money';
import { MONEY_SCALE, type Balance, type Fill, type Order, type OrderStatus, type OrderType, type Position, type TimeInForce } from '../../model/order';

/** What a parser needs to know of a linear instrument: the engine's symbol and its integer scales. */
export type BybitInstrument = { readonly id: string; readonly symbol: string; readonly priceScale: number; readonly quantityScale: number };

export type InstrumentLookup = (bybitId: string) => BybitInstrument;

type Raw = Readonly<Record<string, unknown>>;

const VENUE = 'bybit';

const STATUS: Readonly<Record<string, OrderStatus>> = {
  Created: 'submitted',
  New: 'open',
  Untriggered: 'open',
  Triggered: 'open',
  Active: 'open',
  PartiallyFilled: 'partially-filled',
  Filled: 'filled',
  Cancelled: 'cancelled',
  Deactivated: 'cancelled',
  PartiallyFilledCanceled: 'cancelled',
  Rejected: 'rejected',
};

/**
 * Orders the venue created itself (a position's stop-loss closing it) carry no orderLinkId; they get a
 * stable id of their own so the engine can record them once.
 */
export function clientIdOf(orderLinkId: unknown, orderId: unknown): string {
  return typeof orderLinkId === 'string' && orderLinkId !== '' ? orderLinkId : `bybit:${String(orderId)}`;
}

/** A Bybit v5 order (REST order/realtime, order/history, or the `order` topic) as the engine's Order. */
export function parseOrder(raw: Raw, lookup: InstrumentLookup): Order {
  const instrument = lookup(text(raw.symbol));
  const { priceScale: ps, quantityScale: qs } = instrument;
  const orderStatus = text(raw.orderStatus);
  const status = STATUS[orderStatus];
  if (!status) throw new Error(`unknown bybit order status "${orderStatus}"`);
  const triggerPrice = optionalPrice(raw.triggerPrice, ps);
  const limit = text(raw.orderType) === 'Limit';
  const type: OrderType = triggerPrice !== undefined ? (limit ? 'stop-limit' : 'stop-market') : limit ? 'limit' : 'market';
  const filled = decimal(raw.cumExecQty, qs);
  const reason = text(raw.rejectReason);
  return {
    clientOrderId: clientIdOf(raw.orderLinkId, raw.orderId),
    venue: VENUE,
    symbol: instrument.symbol,
    side: text(raw.side) === 'Sell' ? 'sell' : 'buy',
    type,
    quantity: decimal(raw.qty, qs),
    ...(limit ? { price: decimal(raw.price, ps) } : {}),
    ...(triggerPrice !== undefined ? { triggerPrice } : {}),
    timeInForce: timeInForce(text(raw.timeInForce)),
    reduceOnly: raw.reduceOnly === true || raw.reduceOnly === 'true',
    ...optional('stopLoss', optionalPrice(raw.stopLoss, ps)),
    ...optional('takeProfit', optionalPrice(raw.takeProfit, ps)),
    createdAt: Number(raw.createdTime),
    status,
    venueOrderId: text(raw.orderId),
    filledQuantity: filled,
    ...optional('averagePrice', filled > 0n ? optionalPrice(raw.avgPrice, ps) : undefined),
    updatedAt: Number(raw.updatedTime),
    ...(reason && reason !== 'EC_NoError' && status !== 'filled' ? { reason } : {}),
  };
}

/** One execution (REST execution/list or the `execution` topic). */
export function parseFill(raw: Raw, lookup: InstrumentLookup, receivedAt: number): Fill {
  const instrument = lookup(text(raw.symbol));
  return {
    id: text(raw.execId),
    clientOrderId: clientIdOf(raw.orderLinkId, raw.orderId),
    venueOrderId: text(raw.orderId),
    venue: VENUE,
    symbol: instrument.symbol,
    side: text(raw.side) === 'Sell' ? 'sell' : 'buy',
    quantity: decimal(raw.execQty, instrument.quantityScale),
    price: decimal(raw.execPrice, instrument.priceScale),
    fee: decimal(raw.execFee, MONEY_SCALE),
    liquidity: raw.isMaker === true || raw.isMaker === 'true' ? 'maker' : 'taker',
    time: Number(raw.execTime),
    receivedAt,
  };
}

/** A one-way position (REST position/list or the `position` topic, which calls the entry `entryPrice`). */
export function parsePosition(raw: Raw, lookup: InstrumentLookup, receivedAt: number): Position {
  const instrument = lookup(text(raw.symbol));
  const size = decimal(raw.size, instrument.quantityScale);
  const entry = optionalPrice(raw.avgPrice ?? raw.entryPrice, instrument.priceScale) ?? 0n;
  const updated = Number(raw.updatedTime);
  return {
    venue: VENUE,
    symbol: instrument.symbol,
    quantity: text(raw.side) === 'Sell' ? -size : size,
    entryPrice: size === 0n ? 0n : entry,
    realizedPnl: decimal(raw.cumRealisedPnl, MONEY_SCALE),
    unrealizedPnl: decimal(raw.unrealisedPnl, MONEY_SCALE),
    leverage: Number(text(raw.leverage) || '1'),
    ...optional('liquidationPrice', optionalPrice(raw.liqPrice, instrument.priceScale)),
    updatedAt: Number.isFinite(updated) && updated > 0 ? updated : receivedAt,
  };
}

/**
 * A unified account's coins (REST wallet-balance `list[0].coin` or the `wallet` topic). `total` is the
 * wallet balance; `free` is availableToWithdraw where Bybit still sends it, otherwise the wallet less
 * what is locked and held as margin, as ccxt computes it.
 */
export function parseBalances(accounts: readonly Raw[], receivedAt: number): Balance[] {
  const balances: Balance[] = [];
  for (const account of accounts) {
    if (account.accountType !== undefined && account.accountType !== 'UNIFIED') continue;
    for (const coin of (account.coin as readonly Raw[] | undefined) ?? []) {
      const total = decimal(coin.walletBalance, MONEY_SCALE);
      const withdrawable = text(coin.availableToWithdraw);
      const used = decimal(coin.locked || '0', MONEY_SCALE) + decimal(coin.totalPositionIM || '0', MONEY_SCALE) + decimal(coin.totalOrderIM || '0', MONEY_SCALE);
      balances.push({ venue: VENUE, asset: text(coin.coin), total, free: withdrawable ? decimal(withdrawable, MONEY_SCALE) : total - used, updatedAt: receivedAt });
    }
  }
  return balances;
}

/**
 * Parses a decimal string into units of `scale`. More decimals than the scale (an average price between
 * ticks, a fee of many digits) round half away from zero instead of failing.
 */
export function decimal(value: unknown, scale: number): Units {
  const raw = text(value);
  if (raw === '') return 0n;
  const decimals = (raw.split('.')[1] ?? '').length;
  if (decimals <= scale) return parseUnits(raw, scale);
  return divRound(parseUnits(raw, decimals), 10n ** BigInt(decimals - scale));
}

function optionalPrice(value: unknown, scale: number): Units | undefined {
  const raw = text(value);
  if (raw === '') return undefined;
  const units = decimal(raw, scale);
  return units === 0n ? undefined : units;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function timeInForce(value: string): TimeInForce {
  if (value === 'PostOnly') return 'post-only';
  if (value === 'IOC' || value === 'FOK') return value;
  return 'GTC';
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
