import type { CandlestickData, HistogramData, UTCTimestamp } from 'lightweight-charts';
import type { Candle, CandleColumns } from '../../engine-client/api-types';

export type VolumeColors = { readonly up: string; readonly down: string };

export type Bars = {
  readonly candles: CandlestickData<UTCTimestamp>[];
  readonly volumes: HistogramData<UTCTimestamp>[];
};

/** Chart time for a candle: lightweight-charts counts UTC seconds, the engine milliseconds. */
export function toChartTime(openTimeMs: number): UTCTimestamp {
  // UTCTimestamp is a branded number; this is the one place a plain number becomes one.
  return Math.floor(openTimeMs / 1000) as UTCTimestamp;
}

/**
 * Columns from `data.candles` to the chart's two series in one pass, with arrays sized up front:
 * 100,000 candles become 200,000 small objects and nothing else.
 */
export function columnsToBars(columns: CandleColumns, colors: VolumeColors): Bars {
  const { openTime, open, high, low, close, volume } = columns;
  const n = openTime.length;
  if (open.length !== n || high.length !== n || low.length !== n || close.length !== n || volume.length !== n) {
    throw new Error(`candle columns differ in length (${n} open times, ${close.length} closes)`);
  }
  const candles = new Array<CandlestickData<UTCTimestamp>>(n);
  const volumes = new Array<HistogramData<UTCTimestamp>>(n);
  for (let i = 0; i < n; i++) {
    // Lengths were checked above, so every index is present.
    const time = toChartTime(openTime[i]!);
    const o = open[i]!;
    const c = close[i]!;
    candles[i] = { time, open: o, high: high[i]!, low: low[i]!, close: c };
    volumes[i] = { time, value: volume[i]!, color: c >= o ? colors.up : colors.down };
  }
  return { candles, volumes };
}

export function candleToBars(candle: Candle, colors: VolumeColors): { candle: CandlestickData<UTCTimestamp>; volume: HistogramData<UTCTimestamp> } {
  const time = toChartTime(candle.openTime);
  return {
    candle: { time, open: candle.open, high: candle.high, low: candle.low, close: candle.close },
    volume: { time, value: candle.volume, color: candle.close >= candle.open ? colors.up : colors.down },
  };
}
