import type { SeriesMarker, Time } from 'lightweight-charts';
import type { BacktestTrade } from '../../engine-client/api-types';
import { toChartTime } from '../chart/candle-bars';
import { CHART_THEME } from '../chart/chart-theme';
import { formatSignedPercent } from './backtest-format';

const ENTRY_LONG = '#4c8dff';
const ENTRY_SHORT = '#c678dd';

/**
 * A backtest's trades as markers on the candles: the entry an arrow in the colour of its side (blue
 * long under the bar, violet short over it, apart from the green/red of live signals), the exit a square
 * green for a win and red for a loss. Only the focused trade is labelled, so the candles stay readable.
 */
export function tradeMarkers(trades: readonly BacktestTrade[], focused: number | null): SeriesMarker<Time>[] {
  const markers: SeriesMarker<Time>[] = [];
  trades.forEach((trade, index) => {
    const isFocused = index === focused;
    const long = trade.side === 'long';
    markers.push({
      id: `bt-entry-${index}`,
      time: toChartTime(trade.entryTime),
      position: long ? 'belowBar' : 'aboveBar',
      shape: long ? 'arrowUp' : 'arrowDown',
      color: long ? ENTRY_LONG : ENTRY_SHORT,
      ...(isFocused ? { text: `${trade.side} #${index + 1}`, size: 1.6 } : {}),
    });
    if (trade.exitTime !== undefined) {
      markers.push({
        id: `bt-exit-${index}`,
        time: toChartTime(trade.exitTime),
        position: long ? 'aboveBar' : 'belowBar',
        shape: 'square',
        color: trade.pnl >= 0 ? CHART_THEME.up : CHART_THEME.down,
        size: isFocused ? 1.2 : 0.7,
        ...(isFocused ? { text: `${trade.exitReason} ${formatSignedPercent(trade.returnFraction)}` } : {}),
      });
    }
  });
  return markers.sort((a, b) => Number(a.time) - Number(b.time));
}

const TIMEFRAME_MS: Readonly<Record<string, number>> = {
  '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1h': 3_600_000, '2h': 7_200_000,
  '4h': 14_400_000, '6h': 21_600_000, '12h': 43_200_000, '1d': 86_400_000, '1w': 604_800_000, '1M': 2_592_000_000,
};

export function timeframeMs(timeframe: string): number {
  return TIMEFRAME_MS[timeframe] ?? 60_000;
}

/**
 * The time range that shows a trade with context: the trade in the middle third, and never fewer than
 * 60 bars wide, so a one-bar trade still shows the bars that led to it.
 */
export function focusRange(trade: BacktestTrade, timeframe: string, endTime: number): { from: number; to: number } {
  const bar = timeframeMs(timeframe);
  const exit = trade.exitTime ?? endTime;
  const span = Math.max(exit - trade.entryTime, bar);
  const pad = Math.max(span, 30 * bar);
  return { from: trade.entryTime - pad, to: exit + pad };
}
