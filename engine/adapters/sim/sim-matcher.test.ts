import { describe, expect, it } from 'vitest';
import { bar, px, qty, request, simKit, usd } from './sim-test-kit';

describe('SimMatcher: market orders', () => {
  it('fill at the next bar’s open by default, with the taker fee', () => {
    const { matcher, feed, fills } = simKit({ takerFeeBps: 10 });
    feed(bar(0, 100, 101, 99, 100.5));
    const o = matcher.submit(request());
    expect(o.status).toBe('open');
    expect(feed(bar(1, 101, 102, 100, 101.5))).toEqual([['order', 'buy', px('101'), qty('1')]]);
    // 101 × 1 × 10 bps = 0.101.
    expect(fills[0]!.fill).toMatchObject({ fee: usd('0.101'), liquidity: 'taker', time: 60_000 });
    expect(matcher.order(o.clientOrderId)).toMatchObject({ status: 'filled', filledQuantity: qty('1'), averagePrice: px('101') });
    expect(matcher.position('ETHUSDT')).toBe(qty('1'));
  });

  it('fill on the signal bar’s close when configured, or at the next open when no bar was seen yet', () => {
    const { matcher, feed, fills } = simKit({ marketFill: 'signal-close' });
    const early = matcher.submit(request());
    expect(early.status).toBe('open');
    expect(feed(bar(0, 100, 101, 99, 100.5))).toEqual([['order', 'buy', px('100'), qty('1')]]);
    const o = matcher.submit(request({ side: 'sell', quantity: qty('2') }));
    expect(o).toMatchObject({ status: 'filled', averagePrice: px('100.5') });
    expect(fills[1]!.fill.price).toBe(px('100.5'));
    expect(matcher.position('ETHUSDT')).toBe(qty('-1'));
  });

  it('fill at the next live trade in paper trading, with the last bar scaling slippage', () => {
    const { matcher, feed } = simKit({ slippage: { kind: 'fixed', bps: 10 } });
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request());
    const fills = matcher.onTrade('ETHUSDT', 100.2, 0.5, 61_000);
    // 100.2 × 1.001 = 100.3002 → rounded up to 100.31 against the buyer.
    expect(fills.map((f) => [f.price, f.time])).toEqual([[px('100.31'), 61_000]]);
  });
});

describe('SimMatcher: limit orders', () => {
  it('need price to trade THROUGH the limit by default; touching is enough with limitFill touch', () => {
    const through = simKit({ makerFeeBps: -2.5 });
    through.feed(bar(0, 100, 101, 99.5, 100));
    through.matcher.submit(request({ type: 'limit', price: px('99') }));
    expect(through.feed(bar(1, 100, 100.5, 99, 99.8))).toEqual([]); // low = limit: touched, not traded through
    expect(through.feed(bar(2, 99.8, 100, 98.9, 99.5))).toEqual([['order', 'buy', px('99'), qty('1')]]);
    // Maker rebate: 99 × 1 × −2.5 bps = −0.02475.
    expect(through.fills[0]!.fill).toMatchObject({ liquidity: 'maker', fee: usd('-0.02475') });

    const touch = simKit({ limitFill: 'touch' });
    touch.feed(bar(0, 100, 101, 99.5, 100));
    touch.matcher.submit(request({ type: 'limit', price: px('99') }));
    expect(touch.feed(bar(1, 100, 100.5, 99, 99.8))).toEqual([['order', 'buy', px('99'), qty('1')]]);
  });

  it('a bar that gaps through a limit fills at the open, the better price', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99.5, 100));
    matcher.submit(request({ type: 'limit', price: px('99') }));
    matcher.submit(request({ type: 'limit', side: 'sell', price: px('105') }));
    expect(feed(bar(1, 97, 98, 96, 97.5))).toEqual([['order', 'buy', px('97'), qty('1')]]);
    expect(feed(bar(2, 107, 108, 106, 107))).toEqual([['order', 'sell', px('107'), qty('1')]]);
  });

  it('a limit that crosses on arrival pays the taker fee; post-only that would cross is rejected', () => {
    const { matcher, feed, fills } = simKit({ makerFeeBps: 1, takerFeeBps: 5 });
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request({ type: 'limit', price: px('101') }));
    expect(feed(bar(1, 100.5, 101, 100, 100.8))).toEqual([['order', 'buy', px('100.5'), qty('1')]]);
    expect(fills[0]!.fill).toMatchObject({ liquidity: 'taker', fee: usd('0.05025') });
    const rejected = matcher.submit(request({ type: 'limit', price: px('100.8'), timeInForce: 'post-only' }));
    expect(rejected).toMatchObject({ status: 'rejected', reason: expect.stringContaining('post-only') });
    expect(matcher.submit(request({ type: 'limit', price: px('100.7'), timeInForce: 'post-only' })).status).toBe('open');
  });

  it('IOC gets one bar; FOK too', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    const ioc = matcher.submit(request({ type: 'limit', price: px('98'), timeInForce: 'IOC' }));
    const fok = matcher.submit(request({ type: 'limit', price: px('99.5'), timeInForce: 'FOK' }));
    expect(feed(bar(1, 100, 100.5, 99, 100))).toEqual([['order', 'buy', px('99.5'), qty('1')]]);
    expect(matcher.order(ioc.clientOrderId)).toMatchObject({ status: 'expired' });
    expect(matcher.order(fok.clientOrderId)).toMatchObject({ status: 'filled' });
    expect(matcher.openOrders()).toEqual([]);
  });
});

describe('SimMatcher: stops', () => {
  it('stop-market triggers inside the bar at its trigger, and at the open when the bar gaps past it', () => {
    const { matcher, feed } = simKit({ slippage: { kind: 'fixed', bps: 10 } });
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request({ side: 'sell', type: 'stop-market', triggerPrice: px('95') }));
    expect(feed(bar(1, 99, 100, 95.5, 96))).toEqual([]);
    // 95 × 0.999 = 94.905 → 94.90 (rounded down against the seller).
    expect(feed(bar(2, 96, 96.5, 94, 94.5))).toEqual([['order', 'sell', px('94.9'), qty('1')]]);
    matcher.submit(request({ side: 'sell', type: 'stop-market', triggerPrice: px('90') }));
    // Gap: opens at 88, below the stop: fills at 88 × 0.999 = 87.912 → 87.91, worse than the stop.
    expect(feed(bar(3, 88, 89, 87, 88))).toEqual([['order', 'sell', px('87.91'), qty('1')]]);
  });

  it('a buy stop fires on a rise; stop-limit fills at the trigger within its limit', () => {
    const { matcher, feed, fills } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request({ type: 'stop-market', triggerPrice: px('103') }));
    matcher.submit(request({ type: 'stop-limit', triggerPrice: px('104'), price: px('106') }));
    expect(feed(bar(1, 101, 105, 100, 104.5))).toEqual([
      ['order', 'buy', px('103'), qty('1')],
      ['order', 'buy', px('104'), qty('1')],
    ]);
    expect(fills.every((f) => f.fill.liquidity === 'taker')).toBe(true);
  });

  it('a stop-limit gapped beyond its limit rests as a limit from the next bar', () => {
    const { matcher, feed, fills } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request({ type: 'stop-limit', triggerPrice: px('104'), price: px('106') }));
    // Opens at 108: triggered, but 108 is above the limit; low 105 would not count in this bar.
    expect(feed(bar(1, 108, 109, 105, 107))).toEqual([]);
    expect(matcher.openOrders()).toHaveLength(1);
    expect(feed(bar(2, 107, 108, 105.5, 106))).toEqual([['order', 'buy', px('106'), qty('1')]]);
    expect(fills[0]!.fill.liquidity).toBe('maker');
  });
});

describe('SimMatcher: attached stop-loss and take-profit', () => {
  it('both inside one bar: the stop fills first and the target is cancelled', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request({ stopLoss: px('95'), takeProfit: px('110') }));
    expect(feed(bar(1, 100, 111, 94, 105))).toEqual([
      ['order', 'buy', px('100'), qty('1')],
      ['stop-loss', 'sell', px('95'), qty('1')],
    ]);
    expect(matcher.position('ETHUSDT')).toBe(0n);
    expect(matcher.openOrders()).toEqual([]);
  });

  it('the target inside a later bar fills at the target; a gap past it fills at the open', () => {
    const { matcher, feed, orders } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request({ stopLoss: px('95'), takeProfit: px('110') }));
    expect(feed(bar(1, 100, 109, 99, 108))).toEqual([['order', 'buy', px('100'), qty('1')]]);
    expect(feed(bar(2, 108, 110.5, 107, 110))).toEqual([['take-profit', 'sell', px('110'), qty('1')]]);
    expect(orders.filter((o) => o.status === 'cancelled').map((o) => o.reason)).toEqual(['position closed']);

    matcher.submit(request({ side: 'sell', stopLoss: px('115'), takeProfit: px('100') }));
    expect(feed(bar(3, 110, 111, 109, 110))).toEqual([['order', 'sell', px('110'), qty('1')]]);
    // Short's target 100: the next bar opens at 98, better than the target.
    expect(feed(bar(4, 98, 99, 97, 98))).toEqual([['take-profit', 'buy', px('98'), qty('1')]]);
  });

  it('a gap past the stop fills at the open, worse than the stop', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request({ stopLoss: px('95') }));
    feed(bar(1, 100, 101, 99, 100));
    expect(feed(bar(2, 90, 92, 89, 91))).toEqual([['stop-loss', 'sell', px('90'), qty('1')]]);
  });

  it('an entry filled by a limit inside the bar: its stop is checked in that bar, its target from the next', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99.5, 100));
    matcher.submit(request({ type: 'limit', price: px('99'), stopLoss: px('97') }));
    expect(feed(bar(1, 100, 100.5, 96, 98))).toEqual([
      ['order', 'buy', px('99'), qty('1')],
      ['stop-loss', 'sell', px('97'), qty('1')],
    ]);
    matcher.submit(request({ type: 'limit', price: px('97.5'), takeProfit: px('99') }));
    expect(feed(bar(2, 98, 99.5, 97, 99))).toEqual([['order', 'buy', px('97.5'), qty('1')]]);
    expect(feed(bar(3, 99, 99.2, 98.5, 99))).toEqual([['take-profit', 'sell', px('99'), qty('1')]]);
  });

  it('amending a filled entry’s stop-loss moves its attached stop', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    const entry = matcher.submit(request({ stopLoss: px('95') }));
    feed(bar(1, 100, 101, 99, 100));
    matcher.amend(entry.clientOrderId, { stopLoss: px('99.5') });
    expect(matcher.order(`${entry.clientOrderId}:sl`)).toMatchObject({ triggerPrice: px('99.5'), reduceOnly: true, side: 'sell' });
    expect(feed(bar(2, 100, 100.2, 99.4, 99.8))).toEqual([['stop-loss', 'sell', px('99.5'), qty('1')]]);
  });

  it('rejects protective levels on the wrong side of the entry', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    expect(matcher.submit(request({ stopLoss: px('101') }))).toMatchObject({ status: 'rejected', reason: expect.stringContaining('stop-loss') });
    expect(matcher.submit(request({ side: 'sell', takeProfit: px('101') }))).toMatchObject({ status: 'rejected', reason: expect.stringContaining('take-profit') });
  });
});

describe('SimMatcher: slippage', () => {
  it('fixed bps move taker fills against the order and round the price against it', () => {
    const { matcher, feed } = simKit({ slippage: { kind: 'fixed', bps: 10 } });
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request());
    // 100.01 × 1.001 = 100.11001 → 100.12.
    expect(feed(bar(1, 100.01, 101, 99, 100))).toEqual([['order', 'buy', px('100.12'), qty('1')]]);
    matcher.submit(request({ side: 'sell' }));
    expect(feed(bar(2, 100, 101, 99, 100))).toEqual([['order', 'sell', px('99.9'), qty('1')]]);
  });

  it('scaled by the bar’s range and the order’s share of volume, with a cap', () => {
    // 1 + 0.1 × (4 / 100 × 10,000 = 400) + 50 × (1 / 10) = 46 bps → 100 × 1.0046 = 100.46.
    const scaled = simKit({ slippage: { kind: 'scaled', baseBps: 1, rangeFactor: 0.1, volumeImpactBps: 50 } });
    scaled.feed(bar(0, 100, 101, 99, 100));
    scaled.matcher.submit(request());
    expect(scaled.feed(bar(1, 100, 102, 98, 100, 10))).toEqual([['order', 'buy', px('100.46'), qty('1')]]);
    const capped = simKit({ slippage: { kind: 'scaled', baseBps: 1, rangeFactor: 0.1, volumeImpactBps: 50, maxBps: 20 } });
    capped.feed(bar(0, 100, 101, 99, 100));
    capped.matcher.submit(request({ side: 'sell' }));
    expect(capped.feed(bar(1, 100, 102, 98, 100, 10))).toEqual([['order', 'sell', px('99.8'), qty('1')]]);
  });

  it('never applies to a limit filled at its price', () => {
    const { matcher, feed } = simKit({ slippage: { kind: 'fixed', bps: 50 } });
    feed(bar(0, 100, 101, 99.5, 100));
    matcher.submit(request({ type: 'limit', price: px('99') }));
    expect(feed(bar(1, 100, 100, 98, 99))).toEqual([['order', 'buy', px('99'), qty('1')]]);
  });
});

describe('SimMatcher: funding', () => {
  const H8 = 8 * 3600_000;
  it('charges rate × position notional at the open of each funding bar; longs pay, shorts receive', () => {
    const { matcher, funding } = simKit({ funding: { rate: 0.0001 } });
    matcher.onBar('ETHUSDT', { openTime: H8 - 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1 });
    matcher.submit(request({ quantity: qty('2') }));
    matcher.onBar('ETHUSDT', { openTime: H8, open: 110, high: 110, low: 110, close: 110, volume: 1 });
    // The position is opened AT the funding bar's open, so it is not charged yet.
    expect(funding).toEqual([]);
    matcher.onBar('ETHUSDT', { openTime: 2 * H8, open: 110, high: 110, low: 110, close: 110, volume: 1 });
    // 2 × 110 × 0.0001 = 0.022 paid.
    expect(funding).toEqual([{ venue: 'sim', symbol: 'ETHUSDT', time: 2 * H8, rate: 0.0001, markPrice: px('110'), quantity: qty('2'), payment: usd('0.022') }]);
    matcher.submit(request({ side: 'sell', quantity: qty('3') }));
    matcher.onBar('ETHUSDT', { openTime: 2 * H8 + 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1 });
    matcher.onBar('ETHUSDT', { openTime: 3 * H8, open: 100, high: 100, low: 100, close: 100, volume: 1 });
    expect(funding[1]).toMatchObject({ quantity: qty('-1'), payment: usd('-0.01') });
  });

  it('follows a rate function and skips flat accounts', () => {
    const { matcher, funding } = simKit({ funding: { rate: (t) => (t === 2 * H8 ? -0.001 : 0.0005), intervalMs: H8 } });
    matcher.onBar('ETHUSDT', { openTime: H8, open: 100, high: 100, low: 100, close: 100, volume: 1 });
    matcher.submit(request());
    matcher.onBar('ETHUSDT', { openTime: H8 + 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1 });
    matcher.onBar('ETHUSDT', { openTime: 2 * H8, open: 100, high: 100, low: 100, close: 100, volume: 1 });
    expect(funding.map((f) => f.payment)).toEqual([usd('-0.1')]);
  });
});

describe('SimMatcher: funding across a gap in the data', () => {
  it('charges every funding time the position was held through, at the first price after the gap', () => {
    const H8 = 8 * 3600_000;
    const { matcher, funding } = simKit({ funding: { rate: 0.0001 } });
    matcher.onBar('ETHUSDT', { openTime: H8 - 2 * 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1 });
    matcher.submit(request());
    matcher.onBar('ETHUSDT', { openTime: H8 - 60_000, open: 100, high: 100, low: 100, close: 100, volume: 1 });
    // The next bar comes 25 h later: funding times 8 h, 16 h, 24 h and 32 h were held through.
    matcher.onBar('ETHUSDT', { openTime: 4 * H8 + 3_600_000, open: 120, high: 120, low: 120, close: 120, volume: 1 });
    expect(funding.map((f) => [f.time / H8, f.payment])).toEqual([
      [1, usd('0.012')],
      [2, usd('0.012')],
      [3, usd('0.012')],
      [4, usd('0.012')],
    ]);
  });
});

describe('SimMatcher: reduce-only', () => {
  it('is rejected with no position to reduce, shrinks to the position, and never flips it', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    expect(matcher.submit(request({ side: 'sell', reduceOnly: true }))).toMatchObject({ status: 'rejected', reason: expect.stringContaining('reduce-only') });
    matcher.submit(request());
    feed(bar(1, 100, 101, 99, 100));
    const reduce = matcher.submit(request({ side: 'sell', quantity: qty('3'), reduceOnly: true }));
    expect(feed(bar(2, 101, 102, 100, 101))).toEqual([['order', 'sell', px('101'), qty('1')]]);
    expect(matcher.order(reduce.clientOrderId)).toMatchObject({ status: 'filled', quantity: qty('1'), filledQuantity: qty('1') });
    expect(matcher.position('ETHUSDT')).toBe(0n);
  });

  it('a resting reduce-only order is cancelled once the position it reduced is gone', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request());
    feed(bar(1, 100, 101, 99, 100));
    const tp = matcher.submit(request({ side: 'sell', type: 'limit', price: px('120'), reduceOnly: true }));
    matcher.submit(request({ side: 'sell', quantity: qty('2') }));
    feed(bar(2, 100, 101, 99, 100));
    expect(matcher.position('ETHUSDT')).toBe(qty('-1'));
    expect(matcher.order(tp.clientOrderId)).toMatchObject({ status: 'cancelled', reason: 'reduce-only: position reversed' });
  });
});

describe('SimMatcher: order management and bad input', () => {
  it('submit is idempotent by clientOrderId', () => {
    const { matcher, feed, fills } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    const r = request();
    const first = matcher.submit(r);
    expect(matcher.submit({ ...r, quantity: qty('5') })).toEqual(first);
    feed(bar(1, 100, 101, 99, 100));
    expect(matcher.submit(r).status).toBe('filled');
    expect(fills).toHaveLength(1);
  });

  it('cancel and amend resting orders; refuse both on filled or unknown orders', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    const limit = matcher.submit(request({ type: 'limit', price: px('95') }));
    expect(matcher.amend(limit.clientOrderId, { price: px('99.5'), quantity: qty('2') })).toMatchObject({ price: px('99.5'), quantity: qty('2'), status: 'open' });
    expect(() => matcher.amend(limit.clientOrderId, { quantity: 0n })).toThrow(/positive/);
    expect(matcher.order(limit.clientOrderId)!.quantity).toBe(qty('2'));
    expect(feed(bar(1, 100, 100, 99, 99.5))).toEqual([['order', 'buy', px('99.5'), qty('2')]]);
    expect(() => matcher.cancel(limit.clientOrderId)).toThrow(/filled/);
    expect(() => matcher.amend(limit.clientOrderId, { price: px('90') })).toThrow(/filled/);
    const other = matcher.submit(request({ type: 'limit', price: px('90') }));
    expect(matcher.cancel(other.clientOrderId)).toMatchObject({ status: 'cancelled' });
    expect(matcher.cancel(other.clientOrderId)).toMatchObject({ status: 'cancelled' });
    expect(() => matcher.cancel('nope')).toThrow(/not known/);
    const post = matcher.submit(request({ type: 'limit', price: px('90'), timeInForce: 'post-only' }));
    expect(() => matcher.amend(post.clientOrderId, { price: px('100') })).toThrow(/post-only/);
  });

  it('rejects malformed requests with a reason and remembers them', () => {
    const { matcher } = simKit();
    expect(matcher.submit(request({ symbol: 'DOGE' }))).toMatchObject({ status: 'rejected', reason: 'unknown symbol DOGE' });
    expect(matcher.submit(request({ quantity: 0n })).reason).toMatch(/positive/);
    expect(matcher.submit(request({ quantity: 1n, symbol: 'ETHUSDT' })).status).toBe('open'); // 0.0001 is one lot
    expect(matcher.submit(request({ type: 'limit' })).reason).toMatch(/needs a positive price/);
    expect(matcher.submit(request({ type: 'stop-market' })).reason).toMatch(/trigger price/);
    expect(matcher.submit(request({ type: 'stop-market', triggerPrice: px('1'), timeInForce: 'post-only' })).reason).toMatch(/post-only/);
    const bad = request({ quantity: -1n });
    matcher.submit(bad);
    expect(matcher.order(bad.clientOrderId)?.status).toBe('rejected');
    expect(() => matcher.onBar('DOGE', bar(0, 1, 1, 1, 1))).toThrow(/unknown symbol/);
    expect(() => matcher.onTrade('ETHUSDT', Number.NaN, 1, 0)).toThrow(/not a positive number/);
  });

  it('a bar with no open order returns the shared empty result', () => {
    const { matcher } = simKit();
    const a = matcher.onBar('ETHUSDT', bar(0, 100, 101, 99, 100));
    const b = matcher.onBar('ETHUSDT', bar(1, 100, 101, 99, 100));
    expect(a).toBe(b);
    expect(a).toHaveLength(0);
  });

  it('is deterministic: the same inputs give identical fills', () => {
    const run = () => {
      const { matcher, feed, fills } = simKit({ takerFeeBps: 5.5, slippage: { kind: 'scaled', baseBps: 1, rangeFactor: 0.05, volumeImpactBps: 10 } });
      for (let i = 0; i < 200; i++) {
        const p = 100 + 10 * Math.sin(i / 7);
        feed(bar(i, p, p + 1.3, p - 1.1, p + 0.2, 50));
        if (i % 9 === 0) matcher.submit(request({ clientOrderId: `r${i}`, side: i % 18 === 0 ? 'buy' : 'sell', stopLoss: i % 18 === 0 ? px('50') : px('200') }));
      }
      return fills.map(({ fill, role }) => `${role}|${fill.id}|${fill.side}|${fill.price}|${fill.fee}|${fill.time}`);
    };
    const first = run();
    expect(first.length).toBeGreaterThan(10);
    expect(run()).toEqual(first);
  });
});

describe('SimMatcher: closing out', () => {
  it('closePosition fills the whole position at the last price with slippage and cancels its protective orders', () => {
    const { matcher, feed, fills } = simKit({ slippage: { kind: 'fixed', bps: 10 }, takerFeeBps: 10 });
    feed(bar(0, 100, 101, 99, 100));
    expect(matcher.closePosition('ETHUSDT', 'end')).toBeUndefined();
    matcher.submit(request({ quantity: qty('2'), stopLoss: px('90'), takeProfit: px('120') }));
    feed(bar(1, 100, 101, 99, 105));
    const closed = matcher.closePosition('ETHUSDT', 'end-1');
    // 105 × 0.999 = 104.895 → 104.89 for the seller; fee 209.78 × 10 bps = 0.20978.
    expect(closed).toMatchObject({ status: 'filled', side: 'sell', reduceOnly: true, averagePrice: px('104.89'), quantity: qty('2') });
    expect(fills.at(-1)!.fill.fee).toBe(usd('0.20978'));
    expect(matcher.position('ETHUSDT')).toBe(0n);
    expect(matcher.openOrders()).toEqual([]);
    expect(matcher.closePosition('ETHUSDT', 'end-1')).toEqual(closed);
  });

  it('cancelAll cancels every open order of a symbol', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request({ type: 'limit', price: px('90') }));
    matcher.submit(request({ type: 'limit', price: px('91') }));
    expect(matcher.cancelAll('ETHUSDT', 'kill switch').map((o) => [o.status, o.reason])).toEqual([
      ['cancelled', 'kill switch'],
      ['cancelled', 'kill switch'],
    ]);
    expect(matcher.openOrders('ETHUSDT')).toEqual([]);
  });
});

describe('SimMatcher: the mirror cases', () => {
  it('a short’s stop and target in one bar: the stop (above) fills first', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request({ side: 'sell', stopLoss: px('105'), takeProfit: px('92') }));
    expect(feed(bar(1, 100, 106, 91, 95))).toEqual([
      ['order', 'sell', px('100'), qty('1')],
      ['stop-loss', 'buy', px('105'), qty('1')],
    ]);
    expect(matcher.openOrders()).toEqual([]);
  });

  it('a stop-limit whose trigger is gapped but whose limit still holds fills at the open', () => {
    const { matcher, feed } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request({ side: 'sell', type: 'stop-limit', triggerPrice: px('96'), price: px('94') }));
    expect(feed(bar(1, 95, 96, 93, 94))).toEqual([['order', 'sell', px('95'), qty('1')]]);
  });

  it('a sell limit needs the high above it by default, and touching with touch fills', () => {
    const through = simKit();
    through.feed(bar(0, 100, 101, 99, 100));
    through.matcher.submit(request({ side: 'sell', type: 'limit', price: px('102') }));
    expect(through.feed(bar(1, 100, 102, 99, 101))).toEqual([]);
    expect(through.feed(bar(2, 101, 102.01, 100, 101))).toEqual([['order', 'sell', px('102'), qty('1')]]);
    const touch = simKit({ limitFill: 'touch' });
    touch.feed(bar(0, 100, 101, 99, 100));
    touch.matcher.submit(request({ side: 'sell', type: 'limit', price: px('102') }));
    expect(touch.feed(bar(1, 100, 102, 99, 101))).toEqual([['order', 'sell', px('102'), qty('1')]]);
  });

  it('on live trades a stop fills at the trade that reaches it, and a resting limit at its limit', () => {
    const { matcher, feed, fills } = simKit();
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request({ side: 'sell', type: 'stop-market', triggerPrice: px('98') }));
    matcher.submit(request({ type: 'limit', price: px('97') }));
    expect(matcher.onTrade('ETHUSDT', 98.5, 1, 61_000)).toHaveLength(0);
    matcher.onTrade('ETHUSDT', 97.9, 1, 62_000);
    matcher.onTrade('ETHUSDT', 96.5, 1, 63_000);
    expect(fills.map(({ fill }) => [fill.side, fill.price, fill.time])).toEqual([
      ['sell', px('97.9'), 62_000],
      ['buy', px('97'), 63_000],
    ]);
  });

  it('a fill’s notional and fee are exact integer units', () => {
    const { matcher, feed, fills } = simKit({ takerFeeBps: 1 });
    feed(bar(0, 100, 101, 99, 100));
    matcher.submit(request({ quantity: qty('3') }));
    feed(bar(1, 100.07, 101, 99, 100));
    // 3 × 100.07 = 300.21; fee 1 bp = 0.030021.
    expect(fills[0]!.fill).toMatchObject({ price: px('100.07'), quantity: qty('3'), fee: usd('0.030021') });
  });
});

describe('SimMatcher: forgetting finished orders (a backtest’s direct path)', () => {
  it('gives the same fills, keeps live orders (and attached ones) known, and forgets an order once it is finished', () => {
    const scenario = (forgetFinished: boolean) => {
      const kit = simKit({ takerFeeBps: 5 }, { forgetFinished });
      kit.feed(bar(0, 100, 101, 99, 100));
      const entry = kit.matcher.submit(request({ stopLoss: px('95'), takeProfit: px('110') }));
      const resting = kit.matcher.submit(request({ type: 'limit', side: 'sell', price: px('150') }));
      const fills = [...kit.feed(bar(1, 100, 102, 99, 101)), ...kit.feed(bar(2, 101, 112, 100, 111))];
      return { kit, entry, resting, fills };
    };
    const kept = scenario(false);
    const forgot = scenario(true);
    expect(forgot.fills).toEqual(kept.fills);
    expect(forgot.fills.map(([role]) => role)).toEqual(['order', 'take-profit']);
    expect(kept.kit.matcher.order(kept.entry.clientOrderId)?.status).toBe('filled');
    expect(forgot.kit.matcher.order(forgot.entry.clientOrderId)).toBeUndefined();
    // The stop was cancelled with the position: finished, so forgotten too; the resting limit is still known.
    expect(kept.kit.matcher.order(`${kept.entry.clientOrderId}:sl`)?.status).toBe('cancelled');
    expect(forgot.kit.matcher.order(`${forgot.entry.clientOrderId}:sl`)).toBeUndefined();
    expect(forgot.kit.matcher.cancel(forgot.resting.clientOrderId).status).toBe('cancelled');
    expect(() => forgot.kit.matcher.cancel(forgot.entry.clientOrderId)).toThrow(/not known/);
  });
});
