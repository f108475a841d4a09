import { describe, expect, it } from 'vitest';
import { TestClock } from '../../core/clock';
import { createSimVenue } from './sim-venue';
import { bar, px, qty, request, usd } from './sim-test-kit';
import { ETH_SPOT } from './test-instruments';

describe('createSimVenue', () => {
  it('a round trip with fees, slippage and funding lands in the portfolio to the unit', () => {
    const H8 = 8 * 3600_000;
    const { matcher, portfolio } = createSimVenue({
      instruments: [ETH_SPOT],
      clock: new TestClock(0),
      initialCash: usd('1000'),
      config: { takerFeeBps: 10, slippage: { kind: 'fixed', bps: 10 }, funding: { rate: 0.0001 } },
    });
    matcher.onBar('ETHUSDT', { ...bar(0, 100, 100, 100, 100), openTime: H8 - 60_000 });
    matcher.submit(request({ quantity: qty('2'), stopLoss: px('90') }));
    // Entry at the funding bar's open: 100 × 1.001 = 100.10; fee 200.2 × 10 bps = 0.2002.
    matcher.onBar('ETHUSDT', { openTime: H8, open: 100, high: 101, low: 99, close: 100, volume: 100 });
    expect(portfolio.position('ETHUSDT')).toMatchObject({ quantity: qty('2'), entryPrice: px('100.1') });
    // Next funding: 2 × 95 × 0.0001 = 0.019 paid. Then the stop at 90 × 0.999 = 89.91; fee 179.82 × 10 bps = 0.17982.
    matcher.onBar('ETHUSDT', { openTime: 2 * H8, open: 95, high: 96, low: 89, close: 90, volume: 100 });
    expect(portfolio.position('ETHUSDT').quantity).toBe(0n);
    // Price PnL 2 × (89.91 − 100.10) = −20.38.
    expect(portfolio.realizedPnl()).toBe(usd('-20.38'));
    expect(portfolio.fees()).toBe(usd('0.38002'));
    expect(portfolio.funding()).toBe(usd('0.019'));
    expect(portfolio.cash()).toBe(usd('1000') - usd('20.38') - usd('0.38002') - usd('0.019'));
    expect(portfolio.equity()).toBeCloseTo(979.22098, 8);
  });
});
