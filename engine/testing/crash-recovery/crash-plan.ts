import type { OrderIntent } from '../../execution/execution-engine';
import { seededRandom } from '../random';

/** One order of a crash-recovery run, as JSON (quantities and prices as decimal strings of units). */
export type PlannedOrder = {
  readonly key: string;
  readonly side: 'buy' | 'sell';
  readonly type: 'market' | 'limit';
  readonly quantity: string;
  readonly price?: string;
  readonly reduceOnly: boolean;
};

export const CRASH_SYMBOL = 'BTC/USDT:USDT';
export const CRASH_SCALES = { priceScale: 1, quantityScale: 3 } as const;

/**
 * A seeded mix of what a trading day sends: market buys that fill at once, resting limit buys below the
 * market and sells above it, limits that cross part of the book, and reduce-only market sells.
 */
export function crashPlan(run: number, seed: number, count: number): PlannedOrder[] {
  const random = seededRandom(seed * 7919 + run);
  const plan: PlannedOrder[] = [];
  for (let i = 0; i < count; i++) {
    const key = `crash-${seed}-${run}-${i}`;
    const pick = random();
    const quantity = String(10 + Math.floor(random() * 90));
    if (pick < 0.3) plan.push({ key, side: 'buy', type: 'market', quantity, reduceOnly: false });
    else if (pick < 0.55) plan.push({ key, side: 'buy', type: 'limit', quantity, price: String(500_000 + Math.floor(random() * 50_000)), reduceOnly: false });
    else if (pick < 0.75) plan.push({ key, side: 'sell', type: 'limit', quantity, price: String(700_000 + Math.floor(random() * 50_000)), reduceOnly: false });
    else if (pick < 0.9) plan.push({ key, side: 'buy', type: 'limit', quantity: String(1_000 + Math.floor(random() * 2_000)), price: 'market+2', reduceOnly: false });
    else plan.push({ key, side: 'sell', type: 'market', quantity: '5', reduceOnly: true });
  }
  return plan;
}

/** The engine's intent for a planned order; `lastPrice` resolves the "just through the book" limits. */
export function toIntent(order: PlannedOrder, lastPrice: bigint): OrderIntent {
  const price = order.price === 'market+2' ? lastPrice + 2n : order.price === undefined ? undefined : BigInt(order.price);
  return {
    key: order.key,
    symbol: CRASH_SYMBOL,
    side: order.side,
    type: order.type,
    quantity: BigInt(order.quantity),
    ...(price === undefined ? {} : { price }),
    timeInForce: 'GTC',
    reduceOnly: order.reduceOnly,
    ...CRASH_SCALES,
  };
}
