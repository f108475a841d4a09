/**
 * The sim venue's per-bar cost: SimMatcher + Portfolio (+ sizing) over the 130,708-bar Binance
 * BTC/USDT 1-minute file (a seeded random walk of the same length when ../shared/data is absent),
 * bars per second, median of several runs. Three loops:
 * - idle: onBar + mark + equity per bar with no order ever (the floor a backtest pays per bar);
 * - order flow: a simple flow on top — whenever flat, every 240 bars, a market entry sized by
 *   risk-per-trade with an attached stop 1 % and target 1.5 % away, alternating long and short,
 *   with taker fees, scaled slippage and funding on;
 * - bigint accounting only: the same flow without the per-bar equity curve.
 * Issue 5's goal is ≥ 2,000,000 bars/s for a whole backtest (strategy + risk + fills) on this file.
 */
import { cpus, loadavg } from 'node:os';
import { TestClock } from '../engine/core/clock';
import { parseUnits } from '../engine/core/money';
import { createSimVenue } from '../engine/adapters/sim/sim-venue';
import type { SimConfig } from '../engine/adapters/sim/sim-config';
import type { Instrument } from '../engine/model/instrument';
import { MONEY_SCALE } from '../engine/model/order';
import { sizeOrder } from '../engine/risk/sizing';
import { MINUTE_FILE, loadSharedCandles } from './shared-candles';
import { fmt, median, report, timedRuns } from './stats';

const RUNS = 7;
const { candles, source } = loadSharedCandles(MINUTE_FILE, 130_708, 60_000);
const n = candles.length;
const BTC: Instrument = {
  venue: 'sim', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', kind: 'linear', contract: 'perpetual',
  tickSize: 0.01, lotStep: 0.00001, minQuantity: 0.00001, minNotional: 5, priceScale: 2, quantityScale: 5, active: true,
};
const CONFIG: SimConfig = {
  takerFeeBps: 5.5,
  makerFeeBps: 2,
  slippage: { kind: 'scaled', baseBps: 0.5, rangeFactor: 0.05, volumeImpactBps: 5, maxBps: 20 },
  funding: { rate: 0.0001 },
};

function run(flow: boolean, curve: boolean, stats?: { orders: number; fills: number; equity: number }): number {
  const clock = new TestClock(candles[0]!.openTime);
  const { matcher, portfolio } = createSimVenue({ instruments: [BTC], clock, initialCash: parseUnits('10000', MONEY_SCALE), config: CONFIG, leverage: 3 });
  const equity = new Float64Array(n);
  let orders = 0;
  let fills = 0;
  let side = true;
  for (let i = 0; i < n; i++) {
    const c = candles[i]!;
    fills += matcher.onBar('BTCUSDT', c).length;
    portfolio.mark('BTCUSDT', c.close);
    if (curve) equity[i] = portfolio.equity();
    if (flow && i % 240 === 0 && portfolio.quantity('BTCUSDT') === 0n) {
      const entry = c.close;
      const stop = side ? entry * 0.99 : entry * 1.01;
      const target = side ? entry * 1.015 : entry * 0.985;
      const size = sizeOrder({ sizing: { mode: 'risk-per-trade', riskFraction: 0.01 }, maxLeverage: 3 }, {
        instrument: BTC, side: side ? 'buy' : 'sell', entry, stop, equity: portfolio.equity(), available: portfolio.available(),
      });
      if (size.ok) {
        matcher.submit({
          clientOrderId: `o${i}`, venue: 'sim', symbol: 'BTCUSDT', side: side ? 'buy' : 'sell', type: 'market', quantity: size.quantity,
          timeInForce: 'GTC', reduceOnly: false, stopLoss: BigInt(Math.round(stop * 100)), takeProfit: BigInt(Math.round(target * 100)), createdAt: c.openTime,
        });
        orders++;
        side = !side;
      }
    }
  }
  if (stats) Object.assign(stats, { orders, fills, equity: portfolio.equity() });
  return fills + orders + equity[n - 1]! + Number(portfolio.cash() % 1000n);
}

function measure(flow: boolean, curve: boolean): { rate: number; ms: number } {
  const times = timedRuns(RUNS, () => run(flow, curve));
  const ms = median(times) / 1e6;
  return { rate: n / (ms / 1e3), ms };
}

// One run outside the timings, to report what the flow did.
const stats = { orders: 0, fills: 0, equity: 0 };
run(true, true, stats);
const idle = measure(false, true);
const flow = measure(true, true);
const noCurve = measure(true, false);
report(`sim venue per-bar throughput — ${fmt(n)} bars of ${source}, median of ${RUNS} runs (Node ${process.versions.node}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)})`, [
  ['idle: onBar + mark + equity', `${fmt(idle.rate)} bars/s (${fmt(idle.ms, 2)} ms)`],
  ['order flow + equity curve', `${fmt(flow.rate)} bars/s (${fmt(flow.ms, 2)} ms)`],
  ['order flow, no curve', `${fmt(noCurve.rate)} bars/s (${fmt(noCurve.ms, 2)} ms)`],
  ['the flow', `${fmt(stats.orders)} entries, ${fmt(stats.fills)} fills, end equity ${fmt(stats.equity, 2)} from 10,000`],
  ['goal (whole backtest incl. strategy)', '≥ 2,000,000 bars/s'],
]);
