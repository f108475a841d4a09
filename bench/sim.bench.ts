/**
 * The sim venue's per-bar cost: SimMatcher + Portfolio (+ sizing) over the 130,708-bar Binance
 * BTC/USDT 1-minute file (a seeded random walk of the same length when ../shared/data is absent),
 * bars per second, median of several runs. Three loops:
 * - idle: onBar + mark + equity per bar with no order ever (the floor a backtest pays per bar);
 * - order flow: a simple flow on top — whenever flat, every 240 bars, a market entry sized by
 *   risk-per-trade with an attached stop 1 % and target 1.5 % away, alternating long and short,
 *   with taker fees, scaled slippage and funding on;
 * - order flow without the per-bar equity curve;
 * - order flow + risk: the flow with the RiskEngine's kill switch fed every bar and every entry checked.
 * Issue 5's goal is ≥ 2,000,000 bars/s for a whole backtest (strategy + risk + fills) on this file.
 */
import { cpus, loadavg } from 'node:os';
import { TestClock } from '../engine/core/clock';
import { parseUnits } from '../engine/core/money';
import { createSimVenue } from '../engine/adapters/sim/sim-venue';
import type { SimConfig } from '../engine/adapters/sim/sim-config';
import type { Instrument } from '../engine/model/instrument';
import { MONEY_SCALE } from '../engine/model/order';
import { RiskEngine } from '../engine/risk/risk-engine';
import { sizeOrder } from '../engine/risk/sizing';
import { MINUTE_FILE, loadSharedCandles } from './shared-candles';
import { fmt, median, report } from './stats';

/** Timed runs per variant, interleaved round by round so that load from other processes falls on all alike. */
const RUNS = 31;
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

function run(flow: boolean, curve: boolean, withRisk = false, stats?: { orders: number; fills: number; equity: number; rejected: number }): number {
  const clock = new TestClock(candles[0]!.openTime);
  const { matcher, portfolio } = createSimVenue({ instruments: [BTC], clock, initialCash: parseUnits('10000', MONEY_SCALE), config: CONFIG, leverage: 3 });
  const equity = new Float64Array(n);
  const risk = withRisk ? new RiskEngine({ clock, limits: { maxConcentration: 10, maxLeverage: 5, maxOrderNotional: 1e9, maxPositionNotional: 1e9, maxGrossExposure: 1e9, maxNetExposure: 1e9, dailyLossLimit: 1e9, reduceOnlyDrawdown: 0.9, haltDrawdown: 0.95 } }) : undefined;
  let rejected = 0;
  let orders = 0;
  let fills = 0;
  let side = true;
  for (let i = 0; i < n; i++) {
    const c = candles[i]!;
    fills += matcher.onBar('BTCUSDT', c).length;
    portfolio.mark('BTCUSDT', c.close);
    if (curve || risk) {
      const e = portfolio.equity();
      equity[i] = e;
      risk?.onEquity(e, c.openTime);
    }
    if (flow && i % 240 === 0 && portfolio.quantity('BTCUSDT') === 0n) {
      const entry = c.close;
      const stop = side ? entry * 0.99 : entry * 1.01;
      const target = side ? entry * 1.015 : entry * 0.985;
      const size = sizeOrder({ sizing: { mode: 'risk-per-trade', riskFraction: 0.01 }, maxLeverage: 3 }, {
        instrument: BTC, side: side ? 'buy' : 'sell', entry, stop, equity: portfolio.equity(), available: portfolio.available(),
      });
      if (size.ok) {
        const request = {
          clientOrderId: `o${i}`, venue: 'sim', symbol: 'BTCUSDT', side: side ? 'buy' : 'sell', type: 'market', quantity: size.quantity,
          timeInForce: 'GTC', reduceOnly: false, stopLoss: BigInt(Math.round(stop * 100)), takeProfit: BigInt(Math.round(target * 100)), createdAt: c.openTime,
        } as const;
        if (risk) clock.advanceTo(c.openTime);
        const decision = risk?.check(request, { instrument: BTC, price: c.close, equity: portfolio.equity(), position: 0n, exposure: portfolio.exposure() });
        if (decision && !decision.ok) rejected++;
        else {
          matcher.submit(request);
          orders++;
        }
        side = !side;
      }
    }
  }
  if (stats) Object.assign(stats, { orders, fills, rejected, equity: portfolio.equity() });
  return fills + orders + equity[n - 1]! + Number(portfolio.cash() % 1000n);
}

type Variant = { readonly flow: boolean; readonly curve: boolean; readonly risk: boolean };

/** Median bars/s and ms of each variant, after one untimed run of each. */
type Measured = { rate: number; ms: number; best: number };

function measureAll(variants: readonly Variant[]): Measured[] {
  const times: number[][] = variants.map(() => []);
  let sink = 0;
  for (let round = -1; round < RUNS; round++) {
    variants.forEach((v, k) => {
      const began = process.hrtime.bigint();
      sink += run(v.flow, v.curve, v.risk);
      if (round >= 0) times[k]!.push(Number(process.hrtime.bigint() - began));
    });
  }
  if (sink === 0.123456789) console.log('');
  return times.map((t) => {
    const ms = median(t) / 1e6;
    return { rate: n / (ms / 1e3), ms, best: n / (Math.min(...t) / 1e9) };
  });
}

// One run outside the timings, to report what the flow did.
const stats = { orders: 0, fills: 0, equity: 0, rejected: 0 };
run(true, true, true, stats);
const [idle, flow, noCurve, withRisk] = measureAll([
  { flow: false, curve: true, risk: false },
  { flow: true, curve: true, risk: false },
  { flow: true, curve: false, risk: false },
  { flow: true, curve: true, risk: true },
]) as [Measured, Measured, Measured, Measured];
// The fastest run says what the code does when the machine's other tenants leave it alone.
const show = (m: Measured): string => `${fmt(m.rate)} bars/s median (${fmt(m.ms, 2)} ms), fastest ${fmt(m.best)} bars/s`;
report(`sim venue per-bar throughput — ${fmt(n)} bars of ${source}, median of ${RUNS} interleaved runs (Node ${process.versions.node}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)})`, [
  ['idle: onBar + mark + equity', show(idle)],
  ['order flow + equity curve', show(flow)],
  ['order flow, no curve', show(noCurve)],
  ['order flow + curve + RiskEngine', show(withRisk)],
  ['the flow', `${fmt(stats.orders)} entries (${fmt(stats.rejected)} refused by risk), ${fmt(stats.fills)} fills, end equity ${fmt(stats.equity, 2)} from 10,000`],
  ['goal (whole backtest incl. strategy)', '≥ 2,000,000 bars/s'],
]);
