import type { Clock } from '../../core/clock';
import type { RiskLimits } from '../../risk/risk-config';
import { RiskEngine } from '../../risk/risk-engine';
import type { BacktestConfig } from '../backtest-config';

const UNBOUNDED = 1e15;

/**
 * The backtest's risk engine: the live RiskEngine with the trader's limits where given and, elsewhere, limits
 * that do not bind (exposure and concentration up to the allowed leverage, with 5 % room for the sizing's own
 * rounding; no order-rate, daily-loss, cooldown or drawdown limits).
 */
export function backtestRisk(config: BacktestConfig, clock: Clock): RiskEngine {
  const leverage = config.maxLeverage * 1.05;
  const open: RiskLimits = {
    maxOrderNotional: UNBOUNDED,
    maxPositionNotional: UNBOUNDED,
    maxGrossExposure: UNBOUNDED,
    maxNetExposure: UNBOUNDED,
    maxConcentration: leverage,
    maxLeverage: leverage,
    dailyLossLimit: UNBOUNDED,
    maxOrdersPerMinute: 1_000_000_000,
    stopOutCooldownCount: 1_000_000_000,
    stopOutCooldownMinutes: 0,
    reduceOnlyDrawdown: 1,
    haltDrawdown: 1,
  };
  return new RiskEngine({ clock, limits: { ...open, ...config.risk } });
}
