import type { HistogramData, LineData, UTCTimestamp, WhitespaceData } from 'lightweight-charts';
import { toChartTime } from '../candle-bars';

/**
 * One indicator column as line points aligned with the candles' times. Rows without a value (warm-up)
 * become whitespace points, so the line starts where the indicator does and time stays aligned.
 */
export function toLineData(openTime: readonly number[], values: readonly (number | null)[]): (LineData<UTCTimestamp> | WhitespaceData<UTCTimestamp>)[] {
  const out = new Array<LineData<UTCTimestamp> | WhitespaceData<UTCTimestamp>>(openTime.length);
  for (let i = 0; i < openTime.length; i++) {
    const time = toChartTime(openTime[i] as number);
    const value = values[i];
    out[i] = value === null || value === undefined ? { time } : { time, value };
  }
  return out;
}

/** A histogram column (MACD's), coloured by sign. */
export function toHistogramData(
  openTime: readonly number[],
  values: readonly (number | null)[],
  colors: { readonly up: string; readonly down: string },
): (HistogramData<UTCTimestamp> | WhitespaceData<UTCTimestamp>)[] {
  const out = new Array<HistogramData<UTCTimestamp> | WhitespaceData<UTCTimestamp>>(openTime.length);
  for (let i = 0; i < openTime.length; i++) {
    const time = toChartTime(openTime[i] as number);
    const value = values[i];
    out[i] = value === null || value === undefined ? { time } : { time, value, color: value >= 0 ? colors.up : colors.down };
  }
  return out;
}

/** The last value of a column, for the chip's readout; null when there is none yet. */
export function lastValue(values: readonly (number | null)[] | undefined): number | null {
  if (!values) return null;
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}
