import { randomUUID } from 'node:crypto';
import { divRound, mulUnits, unitsFromNumber, type Units } from '../../core/money';
import { ACCOUNT_SCALE, OPEN_STATUSES, parseParam, type EmulatedExecution, type EmulatedOrder, type EmulatedPosition, type InstrumentSpec, type Side, type TimeInForce } from './account-types';
import { BybitError } from './bybit-error';
import type { EmulatedMarket } from './emulated-market';
import { bookLevels } from './book-liquidity';

export type PlaceOrderParams = Readonly<Record<string, unknown>>;

export type AccountListener = {
  readonly order?: (order: EmulatedOrder) => void;
  readonly execution?: (execution: EmulatedExecution) => void;
  readonly position?: (position: EmulatedPosition) => void;
  readonly wallet?: () => void;
};

const TAKER_FEE = { numerator: 55n, denominator: 100_000n, text: '0.00055' };
const MAKER_FEE = { numerator: 2n, denominator: 10_000n, text: '0.0002' };
const DEFAULT_LEVERAGE = 10;
const MAX_ACTIVE_ORDERS = 500;
const HISTORY_LIMIT = 20_000;

/**
 * The private side of the emulated venue: a unified account's USDT wallet, linear one-way positions,
 * orders matched against the emulated market (taker fills walk its book, resting orders fill as its trades
 * cross them, conditional orders and position stop-loss / take-profit trigger on its trades), executions
 * and the events Bybit pushes on the private stream. This is the truth the tests compare the engine with.
 */
export class EmulatedAccount {
  private readonly orders = new Map<string, EmulatedOrder>();
  private readonly byLinkId = new Map<string, EmulatedOrder>();
  private readonly executions: EmulatedExecution[] = [];
  private readonly positions = new Map<string, EmulatedPosition>();
  private readonly listeners = new Set<AccountListener>();
  private readonly coins: Map<string, Units>;
  private execSeq = 0;
  /** Creates refused because the orderLinkId was known: a client sending an order it had already sent. */
  duplicateLinkIdRejections = 0;
  private readonly unlisten: () => void;

  constructor(
    private readonly market: EmulatedMarket,
    readonly specs: ReadonlyMap<string, InstrumentSpec>,
    balances: ReadonlyMap<string, number>,
  ) {
    this.coins = new Map([...balances].map(([coin, amount]) => [coin, unitsFromNumber(amount, ACCOUNT_SCALE)]));
    this.unlisten = market.listen({
      trades: (category, symbol, trades) => {
        if (category !== 'linear' || !this.specs.has(symbol)) return;
        for (const trade of trades) this.onTrade(symbol, trade.price, trade.size);
      },
    });
  }

  listen(listener: AccountListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.unlisten();
  }

  spec(symbol: string): InstrumentSpec {
    const spec = this.specs.get(symbol);
    if (!spec) throw new BybitError(10001, 'params error: symbol invalid');
    return spec;
  }

  /** Every order the venue holds, oldest first: what a no-lost / no-duplicate check compares with. */
  allOrders(): readonly EmulatedOrder[] {
    return [...this.orders.values()];
  }

  order(orderId: string | undefined, orderLinkId: string | undefined): EmulatedOrder | undefined {
    if (orderId) return this.orders.get(orderId);
    if (orderLinkId) return this.byLinkId.get(orderLinkId);
    return undefined;
  }

  allExecutions(): readonly EmulatedExecution[] {
    return this.executions;
  }

  position(symbol: string): EmulatedPosition {
    let position = this.positions.get(symbol);
    if (!position) {
      const now = Date.now();
      position = { symbol, size: 0n, entryValue: 0n, leverage: DEFAULT_LEVERAGE, takeProfit: 0n, stopLoss: 0n, cumRealisedPnl: 0n, curRealisedPnl: 0n, createdTime: now, updatedTime: now };
      this.positions.set(symbol, position);
    }
    return position;
  }

  openPositions(): readonly EmulatedPosition[] {
    return [...this.positions.values()].filter((p) => p.size !== 0n);
  }

  coinBalances(): ReadonlyMap<string, Units> {
    return this.coins;
  }

  /** Last traded price of a linear instrument in its price units. */
  markPrice(symbol: string): Units {
    return unitsFromNumber(this.market.lastPrice('linear', symbol), this.spec(symbol).priceScale);
  }

  unrealisedPnl(position: EmulatedPosition): Units {
    if (position.size === 0n) return 0n;
    const spec = this.spec(position.symbol);
    const value = mulUnits(this.markPrice(position.symbol), spec.priceScale, abs(position.size), spec.qtyScale, ACCOUNT_SCALE);
    return position.size > 0n ? value - position.entryValue : position.entryValue - value;
  }

  positionIM(position: EmulatedPosition): Units {
    return divRound(position.entryValue, BigInt(position.leverage));
  }

  orderIM(): Units {
    let total = 0n;
    for (const order of this.orders.values()) {
      if (!OPEN_STATUSES.includes(order.status) || order.reduceOnly) continue;
      const spec = this.spec(order.symbol);
      const price = order.price > 0n ? order.price : this.markPrice(order.symbol);
      total += divRound(mulUnits(price, spec.priceScale, order.qty - order.cumExecQty, spec.qtyScale, ACCOUNT_SCALE), BigInt(this.position(order.symbol).leverage));
    }
    return total;
  }

  /** Wallet + unrealised PnL − position and order margin: what a new order may use. */
  available(): Units {
    let value = this.coins.get('USDT') ?? 0n;
    for (const position of this.openPositions()) value += this.unrealisedPnl(position) - this.positionIM(position);
    return value - this.orderIM();
  }

  setLeverage(symbol: string, leverage: number): void {
    const spec = this.spec(symbol);
    if (!Number.isFinite(leverage) || leverage < 1 || leverage > spec.maxLeverage) throw new BybitError(10001, 'leverage invalid');
    const position = this.position(symbol);
    if (position.leverage === leverage) throw new BybitError(110043, 'leverage not modified');
    position.leverage = leverage;
  }

  /** Position take-profit / stop-loss ("0" removes one), as /v5/position/trading-stop sets them. */
  setTradingStop(params: PlaceOrderParams): void {
    const spec = this.spec(String(params.symbol ?? ''));
    const position = this.position(spec.symbol);
    if (position.size === 0n) throw new BybitError(10001, 'can not set tp/sl/ts for zero position');
    if (params.stopLoss !== undefined) position.stopLoss = parseParam(params.stopLoss, spec.priceScale, 'stopLoss');
    if (params.takeProfit !== undefined) position.takeProfit = parseParam(params.takeProfit, spec.priceScale, 'takeProfit');
    position.updatedTime = Date.now();
    for (const listener of this.listeners) listener.position?.(position);
  }

  place(params: PlaceOrderParams): EmulatedOrder {
    const symbol = String(params.symbol ?? '');
    const spec = this.spec(symbol);
    const side = params.side === 'Buy' || params.side === 'Sell' ? params.side : null;
    if (!side) throw new BybitError(10001, 'params error: side invalid');
    const orderType = params.orderType === 'Market' || params.orderType === 'Limit' ? params.orderType : null;
    if (!orderType) throw new BybitError(10001, 'params error: orderType invalid');
    const linkId = typeof params.orderLinkId === 'string' ? params.orderLinkId : '';
    if (linkId.length > 36) throw new BybitError(10001, 'params error: orderLinkId too long');
    if (linkId && this.byLinkId.has(linkId)) {
      this.duplicateLinkIdRejections += 1;
      throw new BybitError(110072, 'OrderLinkedID is duplicate');
    }
    const qty = parseParam(params.qty, spec.qtyScale, 'qty');
    if (qty < spec.minQty || qty % spec.qtyStep !== 0n) throw new BybitError(10001, 'params error: qty invalid');
    const price = orderType === 'Limit' ? parseParam(params.price, spec.priceScale, 'price') : 0n;
    if (orderType === 'Limit' && price <= 0n) throw new BybitError(10001, 'params error: price invalid');
    const tif = timeInForce(params.timeInForce, orderType);
    const triggerPrice = params.triggerPrice === undefined || params.triggerPrice === '' ? 0n : parseParam(params.triggerPrice, spec.priceScale, 'triggerPrice');
    const direction = Number(params.triggerDirection ?? 0);
    if (triggerPrice > 0n && direction !== 1 && direction !== 2) throw new BybitError(10001, 'params error: triggerDirection invalid');
    const reduceOnly = params.reduceOnly === true || params.reduceOnly === 'true';
    const position = this.position(symbol);
    if (reduceOnly && !reduces(position.size, side)) throw new BybitError(110017, 'Reduce-only rule not satisfied');
    if (this.activeCount() >= MAX_ACTIVE_ORDERS) throw new BybitError(110020, 'Not allowed to have more than 500 active orders');
    const mark = this.markPrice(symbol);
    if (triggerPrice > 0n && (direction === 1 ? triggerPrice <= mark : triggerPrice >= mark)) {
      throw new BybitError(110093, 'expect Rising/Falling, but trigger_price is already crossed');
    }
    if (!reduceOnly) this.checkMargin(spec, side, qty, orderType === 'Limit' ? price : mark, position);

    const now = Date.now();
    const order: EmulatedOrder = {
      orderId: randomUUID(),
      orderLinkId: linkId,
      symbol,
      side,
      orderType,
      price,
      qty,
      timeInForce: tif,
      reduceOnly,
      closeOnTrigger: params.closeOnTrigger === true,
      triggerPrice,
      triggerDirection: triggerPrice > 0n ? (direction as 1 | 2) : 0,
      takeProfit: params.takeProfit ? parseParam(params.takeProfit, spec.priceScale, 'takeProfit') : 0n,
      stopLoss: params.stopLoss ? parseParam(params.stopLoss, spec.priceScale, 'stopLoss') : 0n,
      status: triggerPrice > 0n ? 'Untriggered' : 'New',
      cumExecQty: 0n,
      cumExecValue: 0n,
      cumExecFee: 0n,
      rejectReason: 'EC_NoError',
      stopOrderType: triggerPrice > 0n ? 'Stop' : '',
      createType: triggerPrice > 0n ? 'CreateByStopOrder' : 'CreateByUser',
      createdTime: now,
      updatedTime: now,
    };
    this.store(order);
    this.emitOrder(order);
    if (order.status === 'New') this.work(order);
    return order;
  }

  amend(params: PlaceOrderParams): EmulatedOrder {
    const order = this.openOrder(params);
    const spec = this.spec(order.symbol);
    if (params.qty !== undefined) {
      const qty = parseParam(params.qty, spec.qtyScale, 'qty');
      if (qty <= order.cumExecQty || qty % spec.qtyStep !== 0n) throw new BybitError(10001, 'params error: qty invalid');
      order.qty = qty;
    }
    if (params.price !== undefined) {
      if (order.orderType !== 'Limit') throw new BybitError(10001, 'params error: price of a market order');
      order.price = parseParam(params.price, spec.priceScale, 'price');
    }
    if (params.triggerPrice !== undefined) {
      if (order.status !== 'Untriggered') throw new BybitError(10001, 'params error: triggerPrice of a triggered order');
      order.triggerPrice = parseParam(params.triggerPrice, spec.priceScale, 'triggerPrice');
    }
    if (params.takeProfit !== undefined) order.takeProfit = parseParam(params.takeProfit, spec.priceScale, 'takeProfit');
    if (params.stopLoss !== undefined) order.stopLoss = parseParam(params.stopLoss, spec.priceScale, 'stopLoss');
    order.updatedTime = Date.now();
    this.emitOrder(order);
    // A new price may now cross the book.
    if (order.status === 'New' || order.status === 'PartiallyFilled') this.work(order);
    return order;
  }

  cancel(params: PlaceOrderParams): EmulatedOrder {
    const order = this.openOrder(params);
    this.finish(order, order.cumExecQty > 0n ? 'PartiallyFilledCanceled' : order.status === 'Untriggered' ? 'Deactivated' : 'Cancelled', 'EC_PerCancelRequest');
    return order;
  }

  cancelAll(symbol: string | undefined): EmulatedOrder[] {
    const open = [...this.orders.values()].filter((o) => OPEN_STATUSES.includes(o.status) && (symbol === undefined || o.symbol === symbol));
    for (const order of open) this.cancel({ orderId: order.orderId });
    return open;
  }

  private openOrder(params: PlaceOrderParams): EmulatedOrder {
    const order = this.order(strOrUndefined(params.orderId), strOrUndefined(params.orderLinkId));
    if (!order || (params.symbol !== undefined && order.symbol !== params.symbol) || !OPEN_STATUSES.includes(order.status)) {
      throw new BybitError(110001, 'order not exists or too late to cancel');
    }
    return order;
  }

  private checkMargin(spec: InstrumentSpec, side: Side, qty: Units, price: Units, position: EmulatedPosition): void {
    const opposing = reduces(position.size, side) ? abs(position.size) : 0n;
    const opening = qty > opposing ? qty - opposing : 0n;
    if (opening === 0n) return;
    const notional = mulUnits(price, spec.priceScale, opening, spec.qtyScale, ACCOUNT_SCALE);
    const required = divRound(notional, BigInt(position.leverage)) + fee(notional, TAKER_FEE);
    if (required > this.available()) throw new BybitError(110007, 'ab not enough for new order');
  }

  private activeCount(): number {
    let count = 0;
    for (const order of this.orders.values()) if (OPEN_STATUSES.includes(order.status)) count += 1;
    return count;
  }

  private store(order: EmulatedOrder): void {
    this.orders.set(order.orderId, order);
    if (order.orderLinkId) this.byLinkId.set(order.orderLinkId, order);
    if (this.orders.size > HISTORY_LIMIT) {
      const oldest = [...this.orders.values()].find((o) => !OPEN_STATUSES.includes(o.status));
      if (oldest) this.orders.delete(oldest.orderId);
    }
  }

  /** Takes what the book offers to an order that is now live; rests, cancels or rejects the rest. */
  private work(order: EmulatedOrder): void {
    const spec = this.spec(order.symbol);
    const levels = bookLevels(this.market, spec, order.side === 'Buy' ? 'asks' : 'bids');
    const crossing = levels.filter((level) => order.orderType === 'Market' || (order.side === 'Buy' ? level.price <= order.price : level.price >= order.price));
    if (order.timeInForce === 'PostOnly' && crossing.length > 0) {
      return this.finish(order, 'Cancelled', 'EC_PostOnlyWillTakeLiquidity');
    }
    if (order.timeInForce === 'FOK' && crossing.reduce((sum, level) => sum + level.qty, 0n) < order.qty - order.cumExecQty) {
      return this.finish(order, 'Cancelled', 'EC_FOKOrderNotFullyFilled');
    }
    for (const level of crossing) {
      const left = this.leaves(order);
      if (left <= 0n) break;
      this.execute(order, level.price, level.qty < left ? level.qty : left, false);
    }
    if (order.status === 'Filled' || order.status === 'Cancelled') return;
    if (order.orderType === 'Market' || order.timeInForce === 'IOC' || order.timeInForce === 'FOK') {
      this.finish(order, order.cumExecQty > 0n ? 'PartiallyFilledCanceled' : 'Cancelled', 'EC_NoImmediateQtyToFill');
    }
  }

  /** Quantity still to fill; a reduce-only order never takes more than the position holds. */
  private leaves(order: EmulatedOrder): Units {
    const left = order.qty - order.cumExecQty;
    if (!order.reduceOnly) return left;
    const size = abs(this.position(order.symbol).size);
    return reduces(this.position(order.symbol).size, order.side) ? (left < size ? left : size) : 0n;
  }

  private onTrade(symbol: string, price: number, size: number): void {
    const spec = this.spec(symbol);
    const tradePrice = unitsFromNumber(price, spec.priceScale);
    this.checkPositionStops(symbol, tradePrice);
    // Liquidity of one public trade, scaled to a notional comparable across instruments.
    let liquidity = unitsFromNumber((Math.max(size, 0.001) * 60_000) / Math.max(price, 1e-9), spec.qtyScale);
    for (const order of [...this.orders.values()]) {
      if (order.symbol !== symbol) continue;
      if (order.status === 'Untriggered') {
        const hit = order.triggerDirection === 1 ? tradePrice >= order.triggerPrice : tradePrice <= order.triggerPrice;
        if (hit) this.trigger(order);
        continue;
      }
      if (order.orderType !== 'Limit' || (order.status !== 'New' && order.status !== 'PartiallyFilled')) continue;
      const crossed = order.side === 'Buy' ? tradePrice < order.price : tradePrice > order.price;
      if (!crossed || liquidity <= 0n) continue;
      const left = this.leaves(order);
      if (left <= 0n) {
        this.finish(order, order.cumExecQty > 0n ? 'PartiallyFilledCanceled' : 'Cancelled', 'EC_ReduceOnlyPositionZero');
        continue;
      }
      const qty = left < liquidity ? left : liquidity;
      liquidity -= qty;
      this.execute(order, order.price, qty, true);
    }
  }

  private trigger(order: EmulatedOrder): void {
    order.status = 'Triggered';
    order.updatedTime = Date.now();
    this.emitOrder(order);
    order.status = 'New';
    if (order.reduceOnly && this.leaves(order) === 0n) return this.finish(order, 'Deactivated', 'EC_ReduceOnlyPositionZero');
    this.work(order);
  }

  /** Position take-profit and stop-loss: a market order closing the whole position when the price reaches them. */
  private checkPositionStops(symbol: string, price: Units): void {
    const position = this.positions.get(symbol);
    if (!position || position.size === 0n) return;
    const long = position.size > 0n;
    const stop = position.stopLoss > 0n && (long ? price <= position.stopLoss : price >= position.stopLoss);
    const take = position.takeProfit > 0n && (long ? price >= position.takeProfit : price <= position.takeProfit);
    if (!stop && !take) return;
    const spec = this.spec(symbol);
    position.stopLoss = 0n;
    position.takeProfit = 0n;
    const now = Date.now();
    const order: EmulatedOrder = {
      orderId: randomUUID(),
      orderLinkId: '',
      symbol,
      side: long ? 'Sell' : 'Buy',
      orderType: 'Market',
      price: 0n,
      qty: abs(position.size) - (abs(position.size) % spec.qtyStep),
      timeInForce: 'IOC',
      reduceOnly: true,
      closeOnTrigger: true,
      triggerPrice: price,
      triggerDirection: 0,
      takeProfit: 0n,
      stopLoss: 0n,
      status: 'New',
      cumExecQty: 0n,
      cumExecValue: 0n,
      cumExecFee: 0n,
      rejectReason: 'EC_NoError',
      stopOrderType: stop ? 'StopLoss' : 'TakeProfit',
      createType: stop ? 'CreateByStopLoss' : 'CreateByTakeProfit',
      createdTime: now,
      updatedTime: now,
    };
    this.store(order);
    this.emitOrder(order);
    this.work(order);
  }

  private execute(order: EmulatedOrder, price: Units, qty: Units, maker: boolean): void {
    const spec = this.spec(order.symbol);
    const value = mulUnits(price, spec.priceScale, qty, spec.qtyScale, ACCOUNT_SCALE);
    const rate = maker ? MAKER_FEE : TAKER_FEE;
    const execFee = fee(value, rate);
    const position = this.position(order.symbol);
    const closedSize = this.applyToPosition(position, order.side, qty, value, execFee);
    if (order.stopLoss > 0n) position.stopLoss = order.stopLoss;
    if (order.takeProfit > 0n) position.takeProfit = order.takeProfit;
    order.cumExecQty += qty;
    order.cumExecValue += value;
    order.cumExecFee += execFee;
    order.status = order.cumExecQty === order.qty ? 'Filled' : 'PartiallyFilled';
    order.updatedTime = Date.now();
    this.execSeq += 1;
    const execution: EmulatedExecution = {
      execId: randomUUID(),
      orderId: order.orderId,
      orderLinkId: order.orderLinkId,
      symbol: order.symbol,
      side: order.side,
      orderPrice: order.price,
      orderQty: order.qty,
      orderType: order.orderType,
      stopOrderType: order.stopOrderType,
      createType: order.createType,
      execPrice: price,
      execQty: qty,
      execValue: value,
      execFee,
      feeRate: rate.text,
      isMaker: maker,
      closedSize,
      leavesQty: order.qty - order.cumExecQty,
      execTime: order.updatedTime,
      seq: this.execSeq,
    };
    this.executions.push(execution);
    if (this.executions.length > HISTORY_LIMIT * 5) this.executions.splice(0, HISTORY_LIMIT);
    for (const listener of this.listeners) listener.execution?.(execution);
    this.emitOrder(order);
    for (const listener of this.listeners) listener.position?.(position);
    for (const listener of this.listeners) listener.wallet?.();
  }

  /** Nets a fill into the one-way position; realised PnL and the fee go to the wallet. Returns the size closed. */
  private applyToPosition(position: EmulatedPosition, side: Side, qty: Units, value: Units, execFee: Units): Units {
    const signed = side === 'Buy' ? qty : -qty;
    let closed = 0n;
    let pnl = -execFee;
    if (position.size !== 0n && reduces(position.size, side)) {
      const size = abs(position.size);
      closed = qty < size ? qty : size;
      const entryPart = divRound(position.entryValue * closed, size);
      const exitPart = divRound(value * closed, qty);
      pnl += position.size > 0n ? exitPart - entryPart : entryPart - exitPart;
      position.entryValue -= entryPart;
      position.size += position.size > 0n ? -closed : closed;
      const opened = qty - closed;
      if (opened > 0n) {
        position.size = side === 'Buy' ? opened : -opened;
        position.entryValue = value - exitPart;
      }
    } else {
      position.size += signed;
      position.entryValue += value;
    }
    if (position.size === 0n) {
      position.entryValue = 0n;
      position.stopLoss = 0n;
      position.takeProfit = 0n;
    }
    position.cumRealisedPnl += pnl;
    position.curRealisedPnl += pnl;
    position.updatedTime = Date.now();
    this.coins.set('USDT', (this.coins.get('USDT') ?? 0n) + pnl);
    return closed;
  }

  private finish(order: EmulatedOrder, status: EmulatedOrder['status'], reason: string): void {
    order.status = status;
    order.rejectReason = reason;
    order.updatedTime = Date.now();
    this.emitOrder(order);
  }

  private emitOrder(order: EmulatedOrder): void {
    for (const listener of this.listeners) listener.order?.(order);
  }
}

function fee(value: Units, rate: { numerator: bigint; denominator: bigint }): Units {
  return divRound(value * rate.numerator, rate.denominator);
}

function timeInForce(value: unknown, orderType: 'Market' | 'Limit'): TimeInForce {
  if (orderType === 'Market') return 'IOC';
  if (value === undefined || value === '') return 'GTC';
  if (value === 'GTC' || value === 'IOC' || value === 'FOK' || value === 'PostOnly') return value;
  throw new BybitError(10001, 'params error: timeInForce invalid');
}

/** Whether a fill on `side` makes the position smaller. */
function reduces(size: Units, side: Side): boolean {
  return side === 'Buy' ? size < 0n : size > 0n;
}

function abs(value: Units): Units {
  return value < 0n ? -value : value;
}

function strOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

