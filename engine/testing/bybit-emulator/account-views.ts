import { divRound, formatUnits, type Units } from '../../core/money';
import { ACCOUNT_SCALE, type EmulatedExecution, type EmulatedOrder, type EmulatedPosition } from './account-types';
import type { EmulatedAccount } from './emulated-account';

/** How the emulated account renders itself in Bybit's v5 shapes: every number a decimal string. */

/** Bybit prints zero prices as "0" and account money with its own decimals; "" where a field is unset. */
function price(units: Units, scale: number): string {
  return units === 0n ? '0' : trim(formatUnits(units, scale));
}

function money(units: Units): string {
  return trim(formatUnits(units, ACCOUNT_SCALE));
}

function trim(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

export function orderView(account: EmulatedAccount, order: EmulatedOrder) {
  const spec = account.spec(order.symbol);
  const avg = order.cumExecQty === 0n ? 0n : averagePrice(order.cumExecValue, order.cumExecQty, spec.priceScale, spec.qtyScale);
  const isOpen = order.status === 'New' || order.status === 'PartiallyFilled' || order.status === 'Untriggered';
  return {
    category: 'linear',
    orderId: order.orderId,
    orderLinkId: order.orderLinkId,
    blockTradeId: '',
    symbol: order.symbol,
    price: price(order.price, spec.priceScale),
    qty: trim(formatUnits(order.qty, spec.qtyScale)),
    side: order.side,
    isLeverage: '',
    positionIdx: 0,
    orderStatus: order.status,
    cancelType: order.status === 'Cancelled' || order.status === 'Deactivated' ? 'CancelByUser' : 'UNKNOWN',
    rejectReason: order.rejectReason,
    avgPrice: avg === 0n ? '' : price(avg, spec.priceScale),
    leavesQty: trim(formatUnits(isOpen ? order.qty - order.cumExecQty : 0n, spec.qtyScale)),
    leavesValue: '0',
    cumExecQty: trim(formatUnits(order.cumExecQty, spec.qtyScale)),
    cumExecValue: money(order.cumExecValue),
    cumExecFee: money(order.cumExecFee),
    cumFeeDetail: order.cumExecFee === 0n ? {} : { USDT: money(order.cumExecFee) },
    timeInForce: order.timeInForce,
    orderType: order.orderType,
    stopOrderType: order.stopOrderType,
    orderIv: '',
    triggerPrice: price(order.triggerPrice, spec.priceScale),
    takeProfit: price(order.takeProfit, spec.priceScale),
    stopLoss: price(order.stopLoss, spec.priceScale),
    // The key must be present (even empty) for ccxt to tell a contract order from a spot one.
    tpslMode: order.takeProfit > 0n || order.stopLoss > 0n ? 'Full' : '',
    tpLimitPrice: '0',
    slLimitPrice: '0',
    tpTriggerBy: order.takeProfit > 0n ? 'LastPrice' : '',
    slTriggerBy: order.stopLoss > 0n ? 'LastPrice' : '',
    triggerDirection: order.triggerDirection,
    triggerBy: order.triggerPrice > 0n ? 'LastPrice' : '',
    lastPriceOnCreated: '',
    reduceOnly: order.reduceOnly,
    closeOnTrigger: order.closeOnTrigger,
    placeType: '',
    smpType: 'None',
    smpGroup: 0,
    smpOrderId: '',
    createType: order.createType,
    createdTime: String(order.createdTime),
    updatedTime: String(order.updatedTime),
  };
}

export function executionView(account: EmulatedAccount, execution: EmulatedExecution) {
  const spec = account.spec(execution.symbol);
  return {
    category: 'linear',
    symbol: execution.symbol,
    orderId: execution.orderId,
    orderLinkId: execution.orderLinkId,
    side: execution.side,
    orderPrice: price(execution.orderPrice, spec.priceScale),
    orderQty: trim(formatUnits(execution.orderQty, spec.qtyScale)),
    leavesQty: trim(formatUnits(execution.leavesQty, spec.qtyScale)),
    createType: execution.createType,
    orderType: execution.orderType,
    stopOrderType: execution.stopOrderType,
    execFee: money(execution.execFee),
    execId: execution.execId,
    execPrice: price(execution.execPrice, spec.priceScale),
    execQty: trim(formatUnits(execution.execQty, spec.qtyScale)),
    execType: 'Trade',
    execValue: money(execution.execValue),
    execTime: String(execution.execTime),
    feeCurrency: 'USDT',
    isMaker: execution.isMaker,
    feeRate: execution.feeRate,
    tradeIv: '',
    markIv: '',
    markPrice: price(execution.execPrice, spec.priceScale),
    indexPrice: '',
    underlyingPrice: '',
    blockTradeId: '',
    closedSize: trim(formatUnits(execution.closedSize, spec.qtyScale)),
    seq: execution.seq,
  };
}

export function positionView(account: EmulatedAccount, position: EmulatedPosition) {
  const spec = account.spec(position.symbol);
  const size = position.size < 0n ? -position.size : position.size;
  const avg = size === 0n ? 0n : averagePrice(position.entryValue, size, spec.priceScale, spec.qtyScale);
  return {
    positionIdx: 0,
    riskId: 1,
    riskLimitValue: '2000000',
    symbol: position.symbol,
    side: position.size > 0n ? 'Buy' : position.size < 0n ? 'Sell' : '',
    size: trim(formatUnits(size, spec.qtyScale)),
    avgPrice: price(avg, spec.priceScale),
    entryPrice: price(avg, spec.priceScale),
    positionValue: money(position.entryValue),
    tradeMode: 0,
    positionStatus: 'Normal',
    autoAddMargin: 0,
    adlRankIndicator: size === 0n ? 0 : 2,
    leverage: String(position.leverage),
    positionBalance: money(account.positionIM(position)),
    markPrice: price(account.markPrice(position.symbol), spec.priceScale),
    liqPrice: '',
    bustPrice: '',
    positionMM: '0',
    positionIM: money(account.positionIM(position)),
    tpslMode: 'Full',
    takeProfit: price(position.takeProfit, spec.priceScale),
    stopLoss: price(position.stopLoss, spec.priceScale),
    trailingStop: '0',
    unrealisedPnl: money(account.unrealisedPnl(position)),
    curRealisedPnl: money(position.curRealisedPnl),
    cumRealisedPnl: money(position.cumRealisedPnl),
    seq: 0,
    isReduceOnly: false,
    createdTime: String(position.createdTime),
    updatedTime: String(position.updatedTime),
  };
}

/** The unified account: USDT carries positions and margin; other coins are held as they are. */
export function walletView(account: EmulatedAccount) {
  let unrealised = 0n;
  let positionIM = 0n;
  for (const position of account.openPositions()) {
    unrealised += account.unrealisedPnl(position);
    positionIM += account.positionIM(position);
  }
  const orderIM = account.orderIM();
  const coins = [...account.coinBalances()].map(([coin, wallet]) => {
    const usdt = coin === 'USDT';
    return {
      coin,
      equity: money(usdt ? wallet + unrealised : wallet),
      usdValue: money(usdt ? wallet + unrealised : wallet),
      walletBalance: money(wallet),
      free: '',
      locked: '0',
      spotHedgingQty: '0',
      borrowAmount: '0',
      availableToWithdraw: '',
      accruedInterest: '0',
      totalOrderIM: usdt ? money(orderIM) : '0',
      totalPositionIM: usdt ? money(positionIM) : '0',
      totalPositionMM: '0',
      unrealisedPnl: usdt ? money(unrealised) : '0',
      cumRealisedPnl: '0',
      bonus: '0',
      marginCollateral: true,
      collateralSwitch: true,
    };
  });
  const usdtWallet = account.coinBalances().get('USDT') ?? 0n;
  return {
    list: [
      {
        accountType: 'UNIFIED',
        accountIMRate: '0',
        accountMMRate: '0',
        totalEquity: money(usdtWallet + unrealised),
        totalWalletBalance: money(usdtWallet),
        totalMarginBalance: money(usdtWallet + unrealised),
        totalAvailableBalance: money(account.available()),
        totalPerpUPL: money(unrealised),
        totalInitialMargin: money(positionIM + orderIM),
        totalMaintenanceMargin: '0',
        coin: coins,
      },
    ],
  };
}

/** value / qty as a price in price units, rounded half away from zero. */
function averagePrice(value: Units, qty: Units, priceScale: number, qtyScale: number): Units {
  const shift = priceScale + qtyScale - ACCOUNT_SCALE;
  return shift >= 0 ? divRound(value * 10n ** BigInt(shift), qty) : divRound(value, qty * 10n ** BigInt(-shift));
}
