import type { SeriesKey } from '../model/candle';

/** Bus topic of one strategy's signals on one series: `strategy.signal.<strategy>.<venue>.<symbol>.<timeframe>`. */
export function signalTopic(strategy: string, key: SeriesKey): string {
  return `strategy.signal.${segment(strategy)}.${segment(key.venue)}.${segment(key.symbol)}.${key.timeframe}`;
}

export const ALL_SIGNAL_TOPICS = 'strategy.signal.>';

// Topic segments are split on dots, so a dot inside a name (a symbol like "BTC.P") must not make a new one.
function segment(value: string): string {
  return value.replaceAll('.', '_');
}
