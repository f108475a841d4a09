import type { SeriesKey } from '../model/candle';

/** Bus topic of one candle series: `data.candle.<venue>.<symbol>.<timeframe>`, dots in names made safe. */
export function candleTopic(key: SeriesKey): string {
  return `data.candle.${segment(key.venue)}.${segment(key.symbol)}.${key.timeframe}`;
}

export const ALL_CANDLE_TOPICS = 'data.candle.>';

/** Bus topic of stored history batches of one series. */
export function historyTopic(key: SeriesKey): string {
  return `data.history.${segment(key.venue)}.${segment(key.symbol)}.${key.timeframe}`;
}

export const ALL_HISTORY_TOPICS = 'data.history.>';

/** Bus topic of live trades, top of book and ticker of one instrument. */
export function marketTopic(kind: 'trades' | 'book' | 'ticker', venue: string, symbol: string): string {
  return `data.${kind}.${segment(venue)}.${segment(symbol)}`;
}

function segment(value: string): string {
  return value.replaceAll('.', '_');
}
