import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SeriesKey, SeriesSummary, Timeframe } from '../engine-client/api-types';
import type { KeyValueStorage } from './connection-storage';
import { isTimeframe } from './timeframes';

export const MARKET_STORAGE_KEY = 'stratus.market';

/** An instrument on a venue: what the symbol picker chooses. */
export type Instrument = { readonly venue: string; readonly symbol: string };

export type MarketStoreState = {
  readonly series: readonly SeriesSummary[];
  readonly seriesLoaded: boolean;
  readonly instrument: Instrument | null;
  readonly timeframe: Timeframe;
  setSeries(series: readonly SeriesSummary[]): void;
  selectInstrument(instrument: Instrument): void;
  selectTimeframe(timeframe: Timeframe): void;
  selectSeries(key: SeriesKey): void;
  reset(): void;
};

export type MarketStore = StoreApi<MarketStoreState>;

/** The selected series, or null until an instrument is chosen. */
export function selectedKey(state: Pick<MarketStoreState, 'instrument' | 'timeframe'>): SeriesKey | null {
  return state.instrument ? { ...state.instrument, timeframe: state.timeframe } : null;
}

/** Distinct venue/symbol pairs of the stored series, in the engine's order. */
export function instrumentsOf(series: readonly SeriesSummary[]): Instrument[] {
  const seen = new Set<string>();
  const instruments: Instrument[] = [];
  for (const s of series) {
    const id = instrumentId(s);
    if (seen.has(id)) continue;
    seen.add(id);
    instruments.push({ venue: s.venue, symbol: s.symbol });
  }
  return instruments;
}

export function instrumentId(instrument: Instrument): string {
  return `${instrument.venue}:${instrument.symbol}`;
}

export function sameSeries(a: SeriesKey, b: SeriesKey): boolean {
  return a.venue === b.venue && a.symbol === b.symbol && a.timeframe === b.timeframe;
}

export function createMarketStore(storage: KeyValueStorage | null): MarketStore {
  const remembered = loadSelection(storage);
  const remember = (state: Pick<MarketStoreState, 'instrument' | 'timeframe'>): void => {
    try {
      storage?.setItem(MARKET_STORAGE_KEY, JSON.stringify({ instrument: state.instrument, timeframe: state.timeframe }));
    } catch {
      // A full or denied storage only costs the remembered selection.
    }
  };

  return createStore<MarketStoreState>()((set, get) => ({
    series: [],
    seriesLoaded: false,
    instrument: remembered.instrument,
    timeframe: remembered.timeframe,

    setSeries(series) {
      const { instrument, timeframe } = get();
      const known = instrument !== null && series.some((s) => s.venue === instrument.venue && s.symbol === instrument.symbol);
      if (known || series.length === 0) {
        set({ series, seriesLoaded: true });
        return;
      }
      // Nothing chosen yet, or the chosen instrument is gone: show the first stored series,
      // on the chosen timeframe when it has one.
      const first = series.find((s) => s.timeframe === timeframe) ?? series[0];
      if (!first) return;
      const next = { instrument: { venue: first.venue, symbol: first.symbol }, timeframe: first.timeframe };
      set({ series, seriesLoaded: true, ...next });
      remember(next);
    },

    selectInstrument(next) {
      const { series, timeframe } = get();
      const forInstrument = series.filter((s) => s.venue === next.venue && s.symbol === next.symbol);
      // Keep the timeframe when the new instrument has it; otherwise its first stored one.
      const keep = forInstrument.length === 0 || forInstrument.some((s) => s.timeframe === timeframe);
      const selection = { instrument: next, timeframe: keep ? timeframe : (forInstrument[0]?.timeframe ?? timeframe) };
      set(selection);
      remember(selection);
    },

    selectTimeframe(timeframe) {
      set({ timeframe });
      remember({ instrument: get().instrument, timeframe });
    },

    selectSeries(key) {
      const selection = { instrument: { venue: key.venue, symbol: key.symbol }, timeframe: key.timeframe };
      set(selection);
      remember(selection);
    },

    reset() {
      set({ series: [], seriesLoaded: false });
    },
  }));
}

function loadSelection(storage: KeyValueStorage | null): Pick<MarketStoreState, 'instrument' | 'timeframe'> {
  const fallback = { instrument: null, timeframe: '1m' } as const satisfies Pick<MarketStoreState, 'instrument' | 'timeframe'>;
  try {
    const raw = storage?.getItem(MARKET_STORAGE_KEY);
    if (!raw) return fallback;
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return fallback;
    const timeframe = 'timeframe' in parsed && typeof parsed.timeframe === 'string' && isTimeframe(parsed.timeframe) ? parsed.timeframe : '1m';
    const instrument = 'instrument' in parsed ? parseInstrument(parsed.instrument) : null;
    return { instrument, timeframe };
  } catch {
    return fallback;
  }
}

function parseInstrument(value: unknown): Instrument | null {
  if (typeof value !== 'object' || value === null) return null;
  if (!('venue' in value) || !('symbol' in value)) return null;
  if (typeof value.venue !== 'string' || typeof value.symbol !== 'string') return null;
  return { venue: value.venue, symbol: value.symbol };
}
