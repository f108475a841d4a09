import type { Fill } from '../model/order';
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
 * the kill switch can trip; stop-outs are counted from fills of attached stop-loss orders.
 */
export class RiskControl {
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

  /** A fill of an attached stop-loss is a stop-out (the sim names them `<parent>:sl`); a take-profit an ordinary exit. */
  onFill(fill: Fill): void {
    if (fill.clientOrderId.endsWith(':sl')) this.engine.recordExit('stop', fill.time);
    else if (fill.clientOrderId.endsWith(':tp')) this.engine.recordExit('other', fill.time);
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
