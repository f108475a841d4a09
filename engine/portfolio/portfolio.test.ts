import { describe, expect, it } from 'vitest';
import { parseUnits } from '../core/money';
import { BTC_PERP, STOCK } from '../adapters/sim/test-instruments';
import { MONEY_SCALE, type Fill } from '../model/order';
import { Portfolio } from './portfolio';

const usd = (text: string): bigint => parseUnits(text, MONEY_SCALE);
let n = 0;
const fill = (symbol: string, side: 'buy' | 'sell', quantity: bigint, price: bigint, fee = '0', id = `f${++n}`): Fill => ({
  id,
  clientOrderId: `o${n}`,
  venue: 'sim',
  symbol,
  side,
  quantity,
  price,
  fee: usd(fee),
  liquidity: 'taker',
  time: n * 1000,
  receivedAt: n * 1000,
});
const btc = (q: string): bigint => parseUnits(q, 3);
const px = (p: string): bigint => parseUnits(p, 1);

describe('Portfolio', () => {
  it('long, partial close, flip to short, close: average entry, realized PnL and fees by hand', () => {
    const p = new Portfolio({ instruments: [BTC_PERP], initialCash: usd('10000') });
    // Buy 0.1 @ 50,000, fee 3.
    let e = p.applyFill(fill('BTCUSDT', 'buy', btc('0.1'), px('50000'), '3'));
    expect(e).toMatchObject({ closedQuantity: 0n, realizedPnl: 0n, openedQuantity: 100n, applied: true });
    expect(p.position('BTCUSDT')).toMatchObject({ quantity: 100n, entryPrice: px('50000'), realizedPnl: usd('-3') });
    expect(p.cash()).toBe(usd('9997'));
    p.mark('BTCUSDT', 51_000);
    expect(p.equity()).toBeCloseTo(10_097, 9); // 9,997 + 0.1 × 1,000
    expect(p.equityUnits()).toBe(usd('10097'));
    expect(p.position('BTCUSDT').unrealizedPnl).toBe(usd('100'));

    // Sell 0.05 @ 52,000, fee 1: realized 0.05 × 2,000 = 100.
    e = p.applyFill(fill('BTCUSDT', 'sell', btc('0.05'), px('52000'), '1'));
    expect(e).toMatchObject({ closedQuantity: 50n, realizedPnl: usd('100'), openedQuantity: 0n });
    expect(p.cash()).toBe(usd('10096'));
    expect(p.position('BTCUSDT')).toMatchObject({ quantity: 50n, entryPrice: px('50000') });

    // Sell 0.1 @ 49,000: closes 0.05 for −50, opens a 0.05 short at 49,000.
    e = p.applyFill(fill('BTCUSDT', 'sell', btc('0.1'), px('49000')));
    expect(e).toMatchObject({ closedQuantity: 50n, realizedPnl: usd('-50'), openedQuantity: 50n });
    expect(p.position('BTCUSDT')).toMatchObject({ quantity: -50n, entryPrice: px('49000') });
    expect(p.cash()).toBe(usd('10046'));
    p.mark('BTCUSDT', 48_000);
    expect(p.equity()).toBeCloseTo(10_096, 9); // short gains 0.05 × 1,000
    expect(p.exposure()).toMatchObject({ gross: 2400, net: -2400 });
    expect(p.exposure().bySymbol.get('BTCUSDT')).toBe(-2400);

    // Buy 0.05 @ 48,500 closes the short for +25.
    e = p.applyFill(fill('BTCUSDT', 'buy', btc('0.05'), px('48500')));
    expect(e.realizedPnl).toBe(usd('25'));
    expect(p.position('BTCUSDT')).toMatchObject({ quantity: 0n, entryPrice: 0n, unrealizedPnl: 0n });
    expect(p.cash()).toBe(usd('10071'));
    expect(p.fees()).toBe(usd('4'));
    expect(p.realizedPnl()).toBe(usd('75'));
    // Net realized of the symbol: 100 − 50 + 25 − 4 fees.
    expect(p.position('BTCUSDT').realizedPnl).toBe(usd('71'));
    expect(p.positions()).toEqual([]);
    expect(p.equity()).toBeCloseTo(10_071, 9);
  });

  it('a short in whole shares: average entry over two sells, then a loss', () => {
    const p = new Portfolio({ instruments: [STOCK], initialCash: usd('1000') });
    p.applyFill(fill('GOOG', 'sell', 2n, parseUnits('100', 2)));
    p.applyFill(fill('GOOG', 'sell', 1n, parseUnits('103', 2)));
    // Entry (200 + 103) / 3 = 101.
    expect(p.position('GOOG')).toMatchObject({ quantity: -3n, entryPrice: parseUnits('101', 2) });
    p.mark('GOOG', 105);
    expect(p.position('GOOG').unrealizedPnl).toBe(usd('-12'));
    const e = p.applyFill(fill('GOOG', 'buy', 3n, parseUnits('105', 2), '0.5'));
    expect(e.realizedPnl).toBe(usd('-12'));
    expect(p.cash()).toBe(usd('987.5'));
  });

  it('keeps an exact cost when the average entry is not a whole tick', () => {
    const p = new Portfolio({ instruments: [STOCK], initialCash: usd('1000') });
    p.applyFill(fill('GOOG', 'buy', 1n, parseUnits('10', 2)));
    p.applyFill(fill('GOOG', 'buy', 2n, parseUnits('10.01', 2)));
    // Entry 30.02 / 3 = 10.00666… shows as 10.01; closing everything at 10.02 realizes exactly 3 × 10.02 − 30.02 = 0.04.
    expect(p.position('GOOG').entryPrice).toBe(parseUnits('10.01', 2));
    expect(p.applyFill(fill('GOOG', 'sell', 3n, parseUnits('10.02', 2))).realizedPnl).toBe(usd('0.04'));
  });

  it('funding: a payment lowers cash and the symbol’s realized PnL; a receipt raises them', () => {
    const p = new Portfolio({ instruments: [BTC_PERP], initialCash: usd('10000') });
    p.applyFill(fill('BTCUSDT', 'buy', btc('1'), px('50000')));
    p.applyFunding('BTCUSDT', usd('5'), 8 * 3600_000);
    p.applyFunding('BTCUSDT', usd('-2'), 16 * 3600_000);
    expect(p.cash()).toBe(usd('9997'));
    expect(p.funding()).toBe(usd('3'));
    expect(p.position('BTCUSDT').realizedPnl).toBe(usd('-3'));
  });

  it('a fill counts once, whatever replays it', () => {
    const p = new Portfolio({ instruments: [BTC_PERP], initialCash: usd('10000') });
    const f = fill('BTCUSDT', 'buy', btc('0.1'), px('50000'), '1');
    expect(p.applyFill(f).applied).toBe(true);
    expect(p.applyFill(f)).toMatchObject({ applied: false, openedQuantity: 0n });
    expect(p.position('BTCUSDT').quantity).toBe(100n);
    expect(p.cash()).toBe(usd('9999'));
  });

  it('margin, available cash, balance and equity history', () => {
    const p = new Portfolio({ instruments: [BTC_PERP], initialCash: usd('10000'), leverage: 2 });
    p.applyFill(fill('BTCUSDT', 'buy', btc('0.2'), px('50000')));
    p.mark('BTCUSDT', 50_000);
    expect(p.marginUsed()).toBe(5000);
    expect(p.available()).toBe(5000);
    expect(p.balance()).toMatchObject({ asset: 'USDT', total: usd('10000'), free: usd('5000') });
    p.recordEquity(1);
    p.mark('BTCUSDT', 49_000);
    p.recordEquity(2);
    expect(p.equityHistory()).toEqual([
      { time: 1, equity: 10_000 },
      { time: 2, equity: 9_800 },
    ]);
  });

  it('refuses fills for unknown symbols and malformed fills', () => {
    const p = new Portfolio({ instruments: [BTC_PERP], initialCash: usd('10000') });
    expect(() => p.applyFill(fill('ETHUSDT', 'buy', 1n, 1n))).toThrow(/no instrument ETHUSDT/);
    expect(() => p.applyFill(fill('BTCUSDT', 'buy', 0n, px('1')))).toThrow(/positive quantity/);
    expect(() => new Portfolio({ instruments: [], initialCash: 0n, leverage: 0 })).toThrow(/leverage/);
    expect(p.cash()).toBe(usd('10000'));
  });
});
