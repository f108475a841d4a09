import type { RiskView } from '../../engine-client/api-types';

/** One line of the usage list: how much of a limit is taken. */
export type UsageRow = {
  readonly key: string;
  readonly label: string;
  readonly used: number;
  readonly limit: number;
  /** used / limit, not clamped: over 1 means the limit is crossed. */
  readonly share: number;
  readonly text: string;
  readonly level: 'ok' | 'warn' | 'over';
};

const money = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function row(key: string, label: string, used: number, limit: number, text: string): UsageRow {
  const share = limit > 0 ? used / limit : 0;
  return { key, label, used, limit, share, text, level: share >= 1 ? 'over' : share >= 0.8 ? 'warn' : 'ok' };
}

/**
 * The risk engine's usage against each limit, in the order a trader scans them: how much is on, how
 * concentrated, how much was lost today, how fast orders go, and how far equity is from the kill switch.
 */
export function usageRows(risk: RiskView): UsageRow[] {
  const { limits, usage } = risk;
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const rows = [
    row('gross', 'Gross exposure', usage.grossExposure, limits.maxGrossExposure, `${money.format(usage.grossExposure)} / ${money.format(limits.maxGrossExposure)}`),
    row('net', 'Net exposure', Math.abs(usage.netExposure), limits.maxNetExposure, `${money.format(usage.netExposure)} / ${money.format(limits.maxNetExposure)}`),
    row('leverage', 'Leverage', usage.leverage, limits.maxLeverage, `${usage.leverage.toFixed(2)}× / ${limits.maxLeverage}×`),
  ];
  const largest = usage.largestConcentration;
  rows.push(
    row(
      'concentration',
      largest ? `Concentration · ${largest.symbol}` : 'Concentration',
      largest?.fraction ?? 0,
      limits.maxConcentration,
      `${pct(largest?.fraction ?? 0)} / ${pct(limits.maxConcentration)}`,
    ),
  );
  const loss = Math.max(0, -usage.dailyPnl);
  rows.push(row('daily-loss', 'Daily loss', loss, limits.dailyLossLimit, `${money.format(loss)} / ${money.format(limits.dailyLossLimit)}`));
  rows.push(row('rate', 'Orders per minute', usage.ordersLastMinute, limits.maxOrdersPerMinute, `${usage.ordersLastMinute} / ${limits.maxOrdersPerMinute}`));
  rows.push(row('drawdown', 'Drawdown → halt', usage.drawdown, limits.haltDrawdown, `${pct(usage.drawdown)} / ${pct(limits.haltDrawdown)} (reduce-only at ${pct(limits.reduceOnlyDrawdown)})`));
  return rows;
}

/** What each kill-switch state means for the next order, in a sentence. */
export const STATE_MEANING: Readonly<Record<RiskView['state'], string>> = {
  ACTIVE: 'Orders pass the risk checks.',
  REDUCE_ONLY: 'Only orders that reduce a position pass.',
  HALTED: 'No new orders. Resume to trade again.',
};
