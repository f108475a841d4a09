import { describe, expect, it } from 'vitest';
import { TestClock } from '../core/clock';
import { createSimVenue } from '../adapters/sim/sim-venue';
import { bar, px, qty, request, usd } from '../adapters/sim/sim-test-kit';
import { ETH_SPOT } from '../adapters/sim/test-instruments';
import type { OrderRequest } from '../model/order';
import { RiskEngine, type RiskStateChange } from './risk-engine';

describe('RiskEngine over the sim venue and portfolio', () => {
  it('open losses alone move the kill switch; REDUCE_ONLY still lets the position be closed', () => {
    const clock = new TestClock(0);
    const { matcher, portfolio } = createSimVenue({ instruments: [ETH_SPOT], clock, initialCash: usd('1000'), leverage: 5 });
    const changes: RiskStateChange[] = [];
    const risk = new RiskEngine({
      clock,
      limits: { maxConcentration: 5, maxLeverage: 5, reduceOnlyDrawdown: 0.1, haltDrawdown: 0.2, dailyLossLimit: 1e9 },
      onStateChange: (c) => changes.push(c),
    });
    const send = (r: OrderRequest) => {
      const decision = risk.check(r, { instrument: ETH_SPOT, price: matcher.lastPrice('ETHUSDT'), equity: portfolio.equity(), position: portfolio.quantity('ETHUSDT'), exposure: portfolio.exposure() });
      if (decision.ok) matcher.submit(r);
      return decision;
    };
    const step = (i: number, open: number, close: number) => {
      clock.advanceTo(i * 60_000);
      matcher.onBar('ETHUSDT', bar(i, open, Math.max(open, close), Math.min(open, close), close));
      portfolio.mark('ETHUSDT', close);
      return risk.onEquity(portfolio.equity());
    };
    step(0, 100, 100);
    expect(send(request({ quantity: qty('20') }))).toMatchObject({ ok: true });
    expect(step(1, 100, 100)).toBe('ACTIVE'); // long 20 at 100: 2,000 notional on 1,000 equity
    expect(step(2, 100, 96)).toBe('ACTIVE'); // −80 open: equity 920, 8 % down
    expect(step(3, 96, 94.5)).toBe('REDUCE_ONLY'); // −110: equity 890, 11 % down, nothing realized
    expect(portfolio.cash()).toBe(usd('1000'));
    expect(send(request({ quantity: qty('1') }))).toMatchObject({ ok: false, rule: 'reduce-only' });
    expect(send(request({ side: 'sell', quantity: qty('10'), reduceOnly: true }))).toMatchObject({ ok: true, reducing: true });
    expect(step(4, 94, 92)).toBe('REDUCE_ONLY'); // half sold at 94: −60 realized, −80 open
    expect(portfolio.position('ETHUSDT')).toMatchObject({ quantity: qty('10'), entryPrice: px('100') });
    expect(step(5, 92, 79)).toBe('HALTED'); // equity 1,000 − 60 − 210 = 730: 27 % down
    expect(send(request({ side: 'sell', quantity: qty('10'), reduceOnly: true }))).toMatchObject({ ok: false, rule: 'halted' });
    expect(changes.map((c) => c.state)).toEqual(['REDUCE_ONLY', 'HALTED']);
  });
});
