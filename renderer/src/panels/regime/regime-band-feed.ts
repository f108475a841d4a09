import type { RegimeState, SeriesKey } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { applyState, bandFromHistory, type BandData } from './regime-band-data';

/** What the band draws on: the chart pane below, or a recorder in tests. */
export type BandSink = {
  /** Draws the whole band (or clears it for null: the series has no model). */
  setBand(band: BandData | null): void;
  /** Draws the band's last bar again after a live state changed it. */
  updateLast(band: BandData): void;
};

export type BandSource = Pick<EngineClient, 'call' | 'on' | 'onGap'>;

/** Bars of history the band loads: about two years of hourly bars. */
export const BAND_HISTORY_LIMIT = 20_000;

export function sameSeries(a: SeriesKey, b: Pick<RegimeState, 'venue' | 'symbol' | 'timeframe'>): boolean {
  return a.venue === b.venue && a.symbol === b.symbol && a.timeframe === b.timeframe;
}

/**
 * Keeps the regime band of one series in step with the engine: loads its history, then applies each
 * `regime.state` of the series. A state from another model (a new fit) or a gap in the stream reloads.
 * States that arrive during a load are held and applied after it. Returns a function that stops it.
 */
export function startRegimeBandFeed(source: BandSource, sink: BandSink, key: SeriesKey, onError: (message: string | null) => void = () => undefined): () => void {
  let band: BandData | null = null;
  let held: RegimeState[] | null = null;
  let generation = 0;
  let stopped = false;

  const apply = (state: RegimeState): void => {
    if (!band) {
      load();
      return;
    }
    const result = applyState(band, state);
    if (result === 'other-model') load();
    else if (result !== 'older') sink.updateLast(band);
  };

  const load = (): void => {
    if (held) return; // a load is already running; it holds what arrives meanwhile
    const current = ++generation;
    held = [];
    source.call('regime.history', { series: key, limit: BAND_HISTORY_LIMIT }).then(
      (history) => {
        if (current !== generation || stopped) return;
        band = bandFromHistory(history);
        sink.setBand(band);
        onError(null);
        const pending = held ?? [];
        held = null;
        for (const state of pending) apply(state);
      },
      (error: unknown) => {
        if (current !== generation || stopped) return;
        held = null;
        band = null;
        sink.setBand(null);
        const rejection = error as { type?: string; message?: string };
        // No model yet is the normal state of a new series: the band stays empty until one is fitted.
        onError(rejection.type === 'NotFoundError' ? null : (rejection.message ?? String(error)));
      },
    );
  };

  const offState = source.on('regime.state', (state) => {
    if (stopped || !sameSeries(key, state)) return;
    if (held) held.push(state);
    else apply(state);
  });
  const offGap = source.onGap('regime.state', () => {
    held = null;
    load();
  });
  load();
  return () => {
    stopped = true;
    offState();
    offGap();
  };
}
