import type { Fill, Order, Position } from '../model/order';
import type { RiskEngine, RiskStateChange } from '../risk/risk-engine';
import { dailyReturns, historicalVar } from '../risk/value-at-risk';
import type { OrderIntent } from './execution-engine';
import type { RiskView } from './execution-views';
import type { RiskVerdict } from './approval-queue';
import type { TradingAccount } from './trading-account';

const VAR_CONFIDENCE = 0.95;

/**
 * The RiskEngine in front of the trading service: an intent is checked against the active account
 * (equity with open PnL, the symbol's position, exposure at the marks); equity flows in on every tick so
 * the kill switch can trip; stop-outs are counted from the fills that close positions (see `onFill`).
 */
export class RiskControl {
  /** Each open position's signed quantity and cost (Σ price × quantity), per venue and symbol, from the fills seen. */
  private readonly held = new Map<string, { quantity: bigint; cost: bigint }>();

  constructor(private readonly engine: RiskEngine) {}

  state() {
    return this.engine.state();
  }

  /** Kill-switch transitions, whatever moved them (a check, equity, the trader). */
  onChange(listener: (change: RiskStateChange) => void): () => void {
    return this.engine.onStateChange(listener);
  }

  check(intent: OrderIntent, account: TradingAccount, referencePrice: number): RiskVerdict {
    const { key: _key, attempt: _attempt, priceScale, quantityScale, ...request } = intent;
    const equity = account.equity();
    const exposure = account.exposure();
    let gross = 0;
    let net = 0;
    for (const notional of exposure.values()) {
      gross += Math.abs(notional);
      net += notional;
    }
    const decision = this.engine.check(
      { ...request, clientOrderId: intent.key, venue: account.venue, createdAt: 0 },
      {
        instrument: { symbol: intent.symbol, priceScale, quantityScale },
        price: account.markPrice(intent.symbol) ?? referencePrice,
        equity: Number.isFinite(equity) ? equity : 0,
        position: account.quantity(intent.symbol),
        exposure: { bySymbol: exposure, gross, net },
      },
    );
    return decision.ok ? { ok: true } : { ok: false, reason: `${decision.rule}: ${decision.reason}` };
  }

  onEquity(account: TradingAccount): void {
    const equity = account.equity();
    if (Number.isFinite(equity)) this.engine.onEquity(equity);
  }

  /** The positions an account holds now (after a start's reconciliation, or a venue connecting), so later exits are judged against their entry. */
  track(positions: readonly Position[]): void {
    for (const p of positions) this.held.set(`${p.venue}\u0000${p.symbol}`, { quantity: p.quantity, cost: p.entryPrice * p.quantity });
  }

  /** A venue's account started afresh (a paper reset): its positions are gone and its equity is the new baseline. */
  rebase(venue: string, equity: number): void {
    for (const key of [...this.held.keys()]) if (key.startsWith(`${venue}\u0000`)) this.held.delete(key);
    this.engine.rebase(equity);
  }

  /**
   * Counts stop-outs for the cooldown, the same way on every venue: a fill that closes (or flips) a
   * position is a stop-out when its order is a reduce-only triggered order — an attached stop-loss
   * (`<id>:sl` on the sim venue, the venue's own StopLoss order on Bybit) or a conditional stop — and
   * it closed at a loss against the position's entry. Any other close (a take-profit, which is also a
   * reduce-only trigger order but closes at a gain, a market exit) is an ordinary exit and resets the count.
   */
  onFill(fill: Fill, order?: Order): void {
    const key = `${fill.venue}\u0000${fill.symbol}`;
    const held = this.held.get(key) ?? { quantity: 0n, cost: 0n };
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    if (held.quantity !== 0n && held.quantity > 0n !== signed > 0n) {
      const size = held.quantity < 0n ? -held.quantity : held.quantity;
      const closed = fill.quantity < size ? fill.quantity : size;
      // Loss ⇔ price below the entry of a long, above that of a short ⇔ price × quantity < cost (both signs).
      const atLoss = fill.price * held.quantity < held.cost;
      const closedCost = (held.cost * closed) / size;
      held.cost -= closedCost;
      held.quantity += held.quantity > 0n ? -closed : closed;
      const opened = fill.quantity - closed;
      if (held.quantity === 0n) {
        held.cost = 0n;
        this.engine.recordExit(isStopOrder(order) && atLoss ? 'stop' : 'other', fill.time);
        if (opened > 0n) {
          held.quantity = fill.side === 'buy' ? opened : -opened;
          held.cost = fill.price * held.quantity;
        }
      }
    } else {
      held.quantity += signed;
      held.cost += fill.price * signed;
    }
    this.held.set(key, held);
  }

  setLimits(changes: Partial<RiskView['limits']>): void {
    this.engine.setLimits(changes);
  }

  kill(reason: string): void {
    this.engine.kill(reason);
  }

  resume(): void {
    this.engine.resume();
  }

  view(account: TradingAccount, now: number): RiskView {
    const usage = this.engine.usage();
    const equity = account.equity();
    const exposure = [...account.exposure()];
    const gross = exposure.reduce((sum, [, n]) => sum + Math.abs(n), 0);
    const net = exposure.reduce((sum, [, n]) => sum + n, 0);
    const largest = exposure.reduce<[string, number] | undefined>((best, [symbol, n]) => (!best || Math.abs(n) > Math.abs(best[1]) ? [symbol, n] : best), undefined);
    const history = account.equityHistory().map((p) => ({ time: p.time, equity: Number(p.equity) }));
    const valueAtRisk = historicalVar(dailyReturns(history), VAR_CONFIDENCE, Number.isFinite(equity) ? equity : 0);
    return {
      state: usage.state,
      ...(usage.reason ? { reason: usage.reason } : {}),
      limits: this.engine.limits(),
      usage: {
        equity: Number.isFinite(equity) ? equity.toFixed(2) : '0.00',
        grossExposure: gross,
        netExposure: net,
        leverage: equity > 0 ? gross / equity : 0,
        ...(largest && equity > 0 ? { largestConcentration: { symbol: largest[0], fraction: Math.abs(largest[1]) / equity } } : {}),
        dailyPnl: Number.isFinite(usage.dailyPnl) ? usage.dailyPnl : 0,
        ordersLastMinute: usage.ordersLastMinute,
        drawdown: Number.isFinite(usage.drawdown) ? usage.drawdown : 0,
        ...(usage.cooldownUntil ? { cooldownUntil: usage.cooldownUntil } : {}),
      },
      valueAtRisk: valueAtRisk ? { confidence: valueAtRisk.confidence, var: valueAtRisk.var, cvar: valueAtRisk.cvar, observations: valueAtRisk.observations } : null,
      updatedAt: now,
    };
  }
}

/** A reduce-only order that waits for a trigger price: a stop-loss or a conditional stop (or a take-profit: told apart by the PnL). */
function isStopOrder(order: Order | undefined): boolean {
  return order !== undefined && order.reduceOnly && (order.type === 'stop-market' || order.type === 'stop-limit') && order.triggerPrice !== undefined;
}
