import { describe, expect, it } from 'vitest';
import type { Fill, Order } from '../model/order';
import type { StoredOrder } from './order-journal';
import { mergeVenueOrder } from './order-merge';

const stored: StoredOrder = {
  clientOrderId: 'st-1',
  venue: 'sim',
  symbol: 'BTCUSDT',
  side: 'buy',
  type: 'limit',
  quantity: 100n,
  price: 5_000_000n,
  timeInForce: 'GTC',
  reduceOnly: false,
  createdAt: 1,
  status: 'submitted',
  venueOrderId: 'v1',
  filledQuantity: 0n,
  updatedAt: 1,
  priceScale: 2,
  quantityScale: 3,
};
const report = (change: Partial<Order>): Order => ({ ...stored, ...change });
const fill = (quantity: bigint, price: bigint): Fill => ({
  id: `f${quantity}`,
  clientOrderId: 'st-1',
  venue: 'sim',
  symbol: 'BTCUSDT',
  side: 'buy',
  quantity,
  price,
  fee: 0n,
  liquidity: 'maker',
  time: 2,
  receivedAt: 2,
});

describe('mergeVenueOrder', () => {
  it('changes nothing when the report says what the journal already has', () => {
    expect(mergeVenueOrder(stored, report({ updatedAt: 9 }), [], 10)).toBeUndefined();
  });

  it('takes fills, status, average price and the confirmed fields, with the same keys in the same order', () => {
    const merged = mergeVenueOrder(stored, report({ status: 'open', filledQuantity: 40n }), [fill(40n, 5_000_000n)], 10);
    expect(merged).toEqual({
      status: 'partially-filled',
      filledQuantity: 40n,
      averagePrice: 5_000_000n,
      venueOrderId: 'v1',
      quantity: 100n,
      price: 5_000_000n,
      triggerPrice: undefined,
      stopLoss: undefined,
      takeProfit: undefined,
      updatedAt: 10,
    });
    expect(Object.keys(merged!)).toEqual(['status', 'filledQuantity', 'averagePrice', 'venueOrderId', 'quantity', 'price', 'triggerPrice', 'stopLoss', 'takeProfit', 'updatedAt']);
  });

  it('sees an amendment the venue confirmed and a reason as changes', () => {
    expect(mergeVenueOrder(stored, report({ price: 4_900_000n }), [], 10)).toMatchObject({ price: 4_900_000n, updatedAt: 10 });
    expect(mergeVenueOrder(stored, report({ status: 'rejected', reason: 'no margin' }), [], 10)).toMatchObject({ status: 'rejected', reason: 'no margin' });
  });

  it('ignores a stale status and its fields, but never loses fills', () => {
    const filled: StoredOrder = { ...stored, status: 'filled', filledQuantity: 100n, averagePrice: 5_000_000n };
    expect(mergeVenueOrder(filled, report({ status: 'open', price: 1n, reason: 'late' }), [fill(100n, 5_000_000n)], 10)).toBeUndefined();
    const merged = mergeVenueOrder(filled, report({ status: 'open', filledQuantity: 0n }), [fill(60n, 5_000_000n), fill(50n, 5_100_000n)], 10);
    expect(merged).toMatchObject({ status: 'filled', filledQuantity: 110n });
    expect(Object.keys(merged!)).not.toContain('price');
  });
});
