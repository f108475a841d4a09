import type { SeriesKey } from '../model/candle';

/** Bus topic of one candle series: `data.candle.<venue>.<symbol>.<timeframe>`, dots in names made safe. */
export function candleTopic(key: SeriesKey): string {
  return `data.candle.${segment(key.venue)}.${segment(key.symbol)}.${key.timeframe}`;
}

export const ALL_CANDLE_TOPICS = 'data.candle.>';

function segment(value: string): string {
  return value.replaceAll('.', '_');
}
