import { TestClock } from '../../core/clock';
import { parseUnits } from '../../core/money';
import type { Candle } from '../../model/candle';
import { MONEY_SCALE, type Fill, type Order, type OrderRequest } from '../../model/order';
import type { SimConfig } from './sim-config';
import { SimMatcher, type SimFundingEvent } from './sim-matcher';
import type { SimOrderRole } from './sim-order';
import { ETH_SPOT } from './test-instruments';

/** Shorthands for hand-computed sim scenarios on ETH_SPOT (price 2 decimals, quantity 4). */
export const px = (p: string): bigint => parseUnits(p, 2);
export const qty = (q: string): bigint => parseUnits(q, 4);
export const usd = (m: string): bigint => parseUnits(m, MONEY_SCALE);
export const MINUTE = 60_000;

/** Bar number `i` (one minute each). */
export function bar(i: number, open: number, high: number, low: number, close: number, volume = 1000): Candle {
  return { openTime: i * MINUTE, open, high, low, close, volume };
}

let next = 0;
export function request(over: Partial<OrderRequest> = {}): OrderRequest {
  return { clientOrderId: `c${++next}`, venue: 'sim', symbol: 'ETHUSDT', side: 'buy', type: 'market', quantity: qty('1'), timeInForce: 'GTC', reduceOnly: false, createdAt: 0, ...over };
}

/** A matcher on ETH_SPOT with every event recorded. */
export function simKit(config?: SimConfig, options: { forgetFinished?: boolean } = {}) {
  const clock = new TestClock(0);
  const fills: { fill: Fill; role: SimOrderRole }[] = [];
  const orders: Order[] = [];
  const funding: SimFundingEvent[] = [];
  const matcher = new SimMatcher({
    instruments: [ETH_SPOT],
    clock,
    ...(config ? { config } : {}),
    ...options,
    events: { onFill: (fill, _order, role) => fills.push({ fill, role }), onOrder: (o) => orders.push(o), onFunding: (e) => funding.push(e) },
  });
  /** Feeds a bar and returns the fills as [role, side, price, quantity] tuples for short assertions. */
  const feed = (b: Candle): [SimOrderRole, string, bigint, bigint][] => {
    const before = fills.length;
    matcher.onBar('ETHUSDT', b);
    return fills.slice(before).map(({ fill, role }) => [role, fill.side, fill.price, fill.quantity]);
  };
  return { clock, matcher, fills, orders, funding, feed };
}
