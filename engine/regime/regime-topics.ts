import type { SeriesKey } from '../model/candle';

/** Bus topic of one series' regime states: `regime.<venue>.<symbol>.<timeframe>`, dots in names made safe as candle topics do. */
export function regimeTopic(key: Pick<SeriesKey, 'venue' | 'symbol'> & { readonly timeframe: string }): string {
  return `regime.${segment(key.venue)}.${segment(key.symbol)}.${key.timeframe}`;
}

export const ALL_REGIME_TOPICS = 'regime.>';

function segment(value: string): string {
  return value.replaceAll('.', '_');
}

export function seriesId(key: SeriesKey): string {
  return `${key.venue}\u0000${key.symbol}\u0000${key.timeframe}`;
}
