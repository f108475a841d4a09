import { parseUnits, type Units } from '../../core/money';
import { BybitError } from './bybit-error';
import type { InstrumentCatalog } from './instruments';

/** Account money (wallet, fees, PnL, margin) in 1e-8 USDT, as the engine keeps it. */
export const ACCOUNT_SCALE = 8;

export type Side = 'Buy' | 'Sell';

export type OrderStatus = 'New' | 'PartiallyFilled' | 'Untriggered' | 'Triggered' | 'Filled' | 'Cancelled' | 'PartiallyFilledCanceled' | 'Rejected' | 'Deactivated';

export const OPEN_STATUSES: readonly OrderStatus[] = ['New', 'PartiallyFilled', 'Untriggered'];

export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PostOnly';

/** One order on the emulated venue, with prices and quantities in the instrument's integer units. */
export type EmulatedOrder = {
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly symbol: string;
  readonly side: Side;
  orderType: 'Market' | 'Limit';
  price: Units;
  qty: Units;
  readonly timeInForce: TimeInForce;
  readonly reduceOnly: boolean;
  readonly closeOnTrigger: boolean;
  triggerPrice: Units;
  /** 1: triggers when the price rises to the trigger; 2: when it falls to it; 0: not conditional. */
  readonly triggerDirection: 0 | 1 | 2;
  takeProfit: Units;
  stopLoss: Units;
  status: OrderStatus;
  cumExecQty: Units;
  cumExecValue: Units;
  cumExecFee: Units;
  rejectReason: string;
  readonly stopOrderType: '' | 'Stop' | 'StopLoss' | 'TakeProfit';
  readonly createType: string;
  readonly createdTime: number;
  updatedTime: number;
};

export type EmulatedExecution = {
  readonly execId: string;
  readonly orderId: string;
  readonly orderLinkId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly orderPrice: Units;
  readonly orderQty: Units;
  readonly orderType: 'Market' | 'Limit';
  readonly stopOrderType: string;
  readonly createType: string;
  readonly execPrice: Units;
  readonly execQty: Units;
  readonly execValue: Units;
  readonly execFee: Units;
  readonly feeRate: string;
  readonly isMaker: boolean;
  readonly closedSize: Units;
  readonly leavesQty: Units;
  readonly execTime: number;
  /** Monotonic sequence, so paging is stable. */
  readonly seq: number;
};

/** A one-way linear position: `size` signed (positive long), `entryValue` the money paid for it. */
export type EmulatedPosition = {
  readonly symbol: string;
  size: Units;
  entryValue: Units;
  leverage: number;
  takeProfit: Units;
  stopLoss: Units;
  cumRealisedPnl: Units;
  curRealisedPnl: Units;
  readonly createdTime: number;
  updatedTime: number;
};

export type InstrumentSpec = {
  readonly symbol: string;
  readonly priceScale: number;
  readonly qtyScale: number;
  readonly tick: Units;
  readonly qtyStep: Units;
  readonly minQty: Units;
  readonly maxLeverage: number;
};

/** Linear instruments of the catalog with their integer scales (tick 0.10 is one decimal, as ccxt reads it). */
export function linearSpecs(catalog: InstrumentCatalog): Map<string, InstrumentSpec> {
  const specs = new Map<string, InstrumentSpec>();
  for (const entry of catalog.linear) {
    const price = entry.priceFilter as { tickSize: string };
    const lot = entry.lotSizeFilter as { qtyStep: string; minOrderQty: string };
    const leverage = entry.leverageFilter as { maxLeverage?: string } | undefined;
    const qtyScale = decimalsOf(lot.qtyStep);
    const priceScale = decimalsOf(price.tickSize);
    specs.set(entry.symbol, {
      symbol: entry.symbol,
      priceScale,
      qtyScale,
      tick: parseUnits(price.tickSize, priceScale),
      qtyStep: parseUnits(lot.qtyStep, qtyScale),
      minQty: parseUnits(lot.minOrderQty, qtyScale),
      maxLeverage: Number(leverage?.maxLeverage ?? 100),
    });
  }
  return specs;
}

function decimalsOf(step: string): number {
  return (step.split('.')[1] ?? '').replace(/0+$/, '').length;
}

/** Parses a decimal parameter of a request, answering Bybit's 10001 when it is not one. */
export function parseParam(text: unknown, scale: number, name: string): Units {
  if (typeof text !== 'string' && typeof text !== 'number') throw new BybitError(10001, `params error: ${name} invalid`);
  try {
    return parseUnits(String(text), scale);
  } catch {
    throw new BybitError(10001, `params error: ${name} invalid`);
  }
}
