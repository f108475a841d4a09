import { describe, expect, it } from 'vitest';
import { BTC_PERP } from '../adapters/sim/test-instruments';
import { parseUnits } from '../core/money';
import { MONEY_SCALE, type Fill } from '../model/order';
import { Portfolio } from '../portfolio/portfolio';
import { portfolioAccount } from './trading-account';

const usd = (text: string): bigint => parseUnits(text, MONEY_SCALE);
const fill = (id: string, side: 'buy' | 'sell', quantity: string, price: string, fee: string, time: number): Fill => ({
  id,
  clientOrderId: `o-${id}`,
  venue: 'sim',
  symbol: 'BTCUSDT',
  side,
  quantity: parseUnits(quantity, 3),
  price: parseUnits(price, 1),
  fee: usd(fee),
  liquidity: 'taker',
  time,
  receivedAt: time,
});

describe('paper account view', () => {
  it('realized PnL is net of fees and funding, the same figure as the sum of the positions’ realized PnL', () => {
    const portfolio = new Portfolio({ instruments: [BTC_PERP], initialCash: usd('10000') });
    const account = portfolioAccount(portfolio, () => [BTC_PERP]);
    // Entry fee only: realized −3 although no price PnL was taken yet.
    portfolio.applyFill(fill('a', 'buy', '0.1', '50000', '3', 1_000));
    expect(account.view(1_000).realizedPnl).toBe('-3.00000000');
    // Close half at +2,000 (100), fee 1, then 2 of funding paid: 100 − 3 − 1 − 2 = 94.
    portfolio.applyFill(fill('b', 'sell', '0.05', '52000', '1', 2_000));
    portfolio.applyFunding('BTCUSDT', usd('2'), 3_000);
    const view = account.view(3_000);
    expect(view.realizedPnl).toBe('94.00000000');
    const positionsSum = view.positions.reduce((sum, p) => sum + Number(p.realizedPnl), 0);
    expect(Number(view.realizedPnl)).toBeCloseTo(positionsSum, 8);
    expect(view.cash).toBe('10094.00000000');
  });
});
