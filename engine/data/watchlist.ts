import type { SeriesKey } from '../model/candle';
import { isTimeframe } from '../model/timeframe';
import type { SettingsRepository } from '../store/repositories/settings-repository';

const KEY = 'market.watchlist';

/** The series the trader is watching live, kept in settings so that a restarted engine watches them again. */
export class Watchlist {
  constructor(private readonly settings: SettingsRepository) {}

  list(): SeriesKey[] {
    const stored = this.settings.get<unknown>(KEY);
    if (!Array.isArray(stored)) return [];
    return stored.filter(
      (entry): entry is SeriesKey =>
        typeof entry === 'object' && entry !== null && typeof entry.venue === 'string' && typeof entry.symbol === 'string' && isTimeframe(String(entry.timeframe)),
    );
  }

  add(key: SeriesKey): void {
    const list = this.list().filter((entry) => !same(entry, key));
    this.settings.set(KEY, [...list, { venue: key.venue, symbol: key.symbol, timeframe: key.timeframe }]);
  }

  remove(key: SeriesKey): void {
    this.settings.set(KEY, this.list().filter((entry) => !same(entry, key)));
  }
}

function same(a: SeriesKey, b: SeriesKey): boolean {
  return a.venue === b.venue && a.symbol === b.symbol && a.timeframe === b.timeframe;
}
