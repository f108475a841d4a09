import type { LineData, UTCTimestamp } from 'lightweight-charts';
import type { EquityPoint } from '../../engine-client/api-types';
import { toChartTime } from '../chart/candle-bars';

/** A line for the equity chart: its points in chart time, strictly ascending. */
export type Curve = {
  readonly id: string;
  readonly label: string;
  readonly color: string;
  readonly points: readonly LineData<UTCTimestamp>[];
};

/** Colours of overlaid runs, distinct on the dark theme and from the up/down colours of the candles. */
export const CURVE_COLORS = ['#4c8dff', '#e3b341', '#c678dd', '#56b6c2'] as const;

/**
 * Points for lightweight-charts, which refuses times that do not strictly ascend: several points in one
 * second (or out of order) keep the last value, as the equity at the end of that second.
 */
export function toLine(points: readonly { readonly time: number; readonly value: number }[]): LineData<UTCTimestamp>[] {
  const line: LineData<UTCTimestamp>[] = [];
  for (const point of points) {
    if (!Number.isFinite(point.value)) continue;
    const time = toChartTime(point.time);
    const last = line.at(-1);
    if (last && time < last.time) continue;
    if (last && time === last.time) line[line.length - 1] = { time, value: point.value };
    else line.push({ time, value: point.value });
  }
  return line;
}

export function equityLine(equity: readonly EquityPoint[]): LineData<UTCTimestamp>[] {
  return toLine(equity.map((p) => ({ time: p.time, value: p.equity })));
}

/** Drawdown as a negative percentage, so the pane hangs down from zero like a trader reads it. */
export function drawdownLine(equity: readonly EquityPoint[]): LineData<UTCTimestamp>[] {
  return toLine(equity.map((p) => ({ time: p.time, value: -Math.abs(p.drawdown) * 100 })));
}

/** Equity as a return in percent from its first point: runs with different start equity share one axis. */
export function returnLine(equity: readonly EquityPoint[]): LineData<UTCTimestamp>[] {
  const first = equity[0]?.equity;
  if (first === undefined || first === 0) return [];
  return toLine(equity.map((p) => ({ time: p.time, value: (p.equity / first - 1) * 100 })));
}
