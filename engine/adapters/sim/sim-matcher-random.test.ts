import { describe, expect, it } from 'vitest';
import { TestClock } from '../../core/clock';
import { seededRandom } from '../../core/random';
import type { OrderRequest, OrderType, TimeInForce } from '../../model/order';
import type { SimConfig } from './sim-config';
import { SimMatcher } from './sim-matcher';
import { createSimVenue } from './sim-venue';
import { bar, px, qty, usd } from './sim-test-kit';
import { ETH_SPOT } from './test-instruments';

/**
 * A long random session of every order kind, run twice: once with the per-bar skip and once matching
 * every bar. The skip must change nothing; the session must never break an invariant.
 */
function session(seed: number, exhaustive: boolean, config: SimConfig): string[] {
  const random = seededRandom(seed);
  const log: string[] = [];
  const abs = (x: bigint): bigint => (x < 0n ? -x : x);
  let before = 0n;
  const matcher: SimMatcher = new SimMatcher({
    instruments: [ETH_SPOT],
    clock: new TestClock(0),
    config,
    exhaustive,
    events: {
      onFill: (f, o, role) => {
        log.push(`fill ${role} ${f.clientOrderId} ${f.side} ${f.quantity} @ ${f.price} fee ${f.fee} t ${f.time}`);
        const after = matcher.position('ETHUSDT');
        // Reduce-only never increases a position, nor flips it.
        if (o.reduceOnly && (abs(after) > abs(before) || (after !== 0n && after > 0n !== before > 0n))) log.push(`VIOLATION reduce-only ${f.clientOrderId}`);
        before = after;
      },
      onOrder: (o) => log.push(`order ${o.clientOrderId} ${o.status} ${o.quantity} ${o.reason ?? ''}`),
      onFunding: (e) => log.push(`funding ${e.time} ${e.payment}`),
    },
  });
  let price = 100;
  const types: OrderType[] = ['market', 'limit', 'limit', 'stop-market', 'stop-limit'];
  const tifs: TimeInForce[] = ['GTC', 'GTC', 'GTC', 'IOC', 'post-only'];
  let id = 0;
  for (let i = 0; i < 3000; i++) {
    const open = price;
    const close = Math.max(1, open * (1 + (random() - 0.5) * 0.02));
    const high = Math.max(open, close) * (1 + random() * 0.005);
    const low = Math.min(open, close) * (1 - random() * 0.005);
    price = random() < 0.02 ? close * (1 + (random() - 0.5) * 0.06) : close; // occasional gaps
    matcher.onBar('ETHUSDT', { ...bar(i, round(open), round(high), round(low), round(close), 1 + random() * 20) });
    const actions = random() < 0.3 ? 1 + Math.floor(random() * 3) : 0;
    for (let a = 0; a < actions; a++) {
      const roll = random();
      const open = matcher.openOrders('ETHUSDT');
      if (roll < 0.15 && open.length > 0) {
        matcher.cancel(open[Math.floor(random() * open.length)]!.clientOrderId);
        continue;
      }
      if (roll < 0.25 && open.length > 0) {
        const o = open[Math.floor(random() * open.length)]!;
        try {
          matcher.amend(o.clientOrderId, o.price !== undefined ? { price: px(String(round(close * (0.97 + random() * 0.06)))) } : { quantity: o.quantity + qty('0.5') });
        } catch (error) {
          log.push(`amend refused ${(error as Error).message}`);
        }
        continue;
      }
      const side = random() < 0.5 ? 'buy' : 'sell';
      const type = types[Math.floor(random() * types.length)]!;
      const away = (k: number): bigint => px(String(round(close * (1 + k))));
      const direction = side === 'buy' ? 1 : -1;
      const request: OrderRequest = {
        clientOrderId: `x${++id}`,
        venue: 'sim',
        symbol: 'ETHUSDT',
        side,
        type,
        quantity: qty(String(1 + Math.floor(random() * 4))),
        timeInForce: type === 'limit' ? tifs[Math.floor(random() * tifs.length)]! : 'GTC',
        reduceOnly: random() < 0.15,
        ...(type === 'limit' || type === 'stop-limit' ? { price: away(-direction * 0.01 + (random() - 0.5) * 0.02) } : {}),
        ...(type === 'stop-market' || type === 'stop-limit' ? { triggerPrice: away(direction * (0.002 + random() * 0.01)) } : {}),
        ...(random() < 0.4 ? { stopLoss: away(-direction * (0.02 + random() * 0.02)) } : {}),
        ...(random() < 0.4 ? { takeProfit: away(direction * (0.02 + random() * 0.02)) } : {}),
        createdAt: i,
      };
      matcher.submit(request);
    }
  }
  log.push(`position ${matcher.position('ETHUSDT')}`);
  return log;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

describe('SimMatcher random sessions', () => {
  for (const [name, config] of [
    ['defaults', {}],
    ['touch fills, signal-close, costs and funding', { limitFill: 'touch', marketFill: 'signal-close', takerFeeBps: 5.5, makerFeeBps: -1, slippage: { kind: 'scaled', baseBps: 1, rangeFactor: 0.1, volumeImpactBps: 10, maxBps: 30 }, funding: { rate: 0.0001, intervalMs: 3_600_000 } }],
  ] as const) {
    it(`the per-bar skip changes nothing (${name})`, () => {
      const fast = session(7, false, config as SimConfig);
      const slow = session(7, true, config as SimConfig);
      expect(fast.filter((l) => l.startsWith('fill')).length).toBeGreaterThan(300);
      expect(fast).toEqual(slow);
    });
  }

  it('the position always equals the signed sum of the fills; reduce-only never increases it', () => {
    const log = session(11, false, {});
    expect(log.filter((l) => l.startsWith('VIOLATION'))).toEqual([]);
    expect(log.filter((l) => /^fill (stop-loss|take-profit)/.test(l)).length).toBeGreaterThan(50);
    let sum = 0n;
    for (const line of log) {
      const m = /^fill \S+ \S+ (buy|sell) (\d+) @/.exec(line);
      if (m) sum += m[1] === 'buy' ? BigInt(m[2]!) : -BigInt(m[2]!);
    }
    expect(log.at(-1)).toBe(`position ${sum}`);
  });
});

describe('SimMatcher + Portfolio over a random session', () => {
  it('once flat, realized PnL is exactly what was sold minus what was bought, and cash adds up to the unit', () => {
    const random = seededRandom(3);
    let soldMinusBought = 0n;
    let fees = 0n;
    let funding = 0n;
    const { matcher, portfolio } = createSimVenue({
      instruments: [ETH_SPOT],
      clock: new TestClock(0),
      initialCash: usd('100000'),
      config: { takerFeeBps: 5.5, makerFeeBps: -1, slippage: { kind: 'scaled', baseBps: 1, rangeFactor: 0.1, volumeImpactBps: 10 }, funding: { rate: 0.0001, intervalMs: 3_600_000 } },
      events: {
        onFill: (f) => {
          // price (2 decimals) × quantity (4 decimals) = 6 decimals; money has 8.
          const value = f.price * f.quantity * 100n;
          soldMinusBought += f.side === 'sell' ? value : -value;
          fees += f.fee;
        },
        onFunding: (e) => void (funding += e.payment),
      },
    });
    let price = 100;
    for (let i = 0; i < 5000; i++) {
      const open = price;
      const close = Math.max(1, open * (1 + (random() - 0.5) * 0.02));
      price = close;
      matcher.onBar('ETHUSDT', bar(i, round(open), round(Math.max(open, close) * 1.002), round(Math.min(open, close) * 0.998), round(close), 10));
      if (random() < 0.1) {
        const side = random() < 0.5 ? 'buy' : 'sell';
        const limit = random() < 0.5;
        matcher.submit({
          clientOrderId: `q${i}`,
          venue: 'sim',
          symbol: 'ETHUSDT',
          side,
          type: limit ? 'limit' : 'market',
          quantity: qty(String(1 + Math.floor(random() * 5))),
          ...(limit ? { price: px(String(round(close * (side === 'buy' ? 0.995 : 1.005)))) } : {}),
          ...(random() < 0.3 ? { stopLoss: px(String(round(close * (side === 'buy' ? 0.97 : 1.03)))) } : {}),
          timeInForce: 'GTC',
          reduceOnly: false,
          createdAt: i,
        });
      }
    }
    matcher.cancelAll();
    matcher.closePosition('ETHUSDT', 'flatten');
    expect(portfolio.quantity('ETHUSDT')).toBe(0n);
    expect(fees).not.toBe(0n);
    expect(funding).not.toBe(0n);
    expect(portfolio.realizedPnl()).toBe(soldMinusBought);
    expect(portfolio.fees()).toBe(fees);
    expect(portfolio.funding()).toBe(funding);
    expect(portfolio.cash()).toBe(usd('100000') + soldMinusBought - fees - funding);
    expect(portfolio.equityUnits()).toBe(portfolio.cash());
  });
});
