import type { IndicatorResult, SeriesKey } from '../../../engine-client/api-types';
import { sameSeries } from '../../../stores/market-store';
import type { FeedSource } from '../candle-feed';
import type { Overlay } from './overlay-store';
import { errorText } from '../../../format/format';

export type OverlayStatus =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly result: IndicatorResult }
  | { readonly kind: 'error'; readonly message: string };

export type OverlayFeed = {
  /** Computes one overlay now (added, or its parameters changed). */
  refresh(overlay: Overlay): void;
  refreshAll(): void;
  stop(): void;
};

/**
 * Keeps overlays in step with one series: computes them with `indicators.compute`, and again, once
 * per burst, when a bar of the series closes, a batch of its history is stored, events were missed, or
 * the engine comes back. A reply that arrives after a newer request for the same overlay is dropped.
 */
export function startOverlayFeed(
  source: FeedSource,
  key: SeriesKey,
  overlays: () => readonly Overlay[],
  onStatus: (id: string, status: OverlayStatus) => void,
  options: { readonly delayMs?: number } = {},
): OverlayFeed {
  const generations = new Map<string, number>();
  let stopped = false;

  const refresh = (overlay: Overlay): void => {
    const generation = (generations.get(overlay.id) ?? 0) + 1;
    generations.set(overlay.id, generation);
    const current = (): boolean => !stopped && generations.get(overlay.id) === generation;
    if (generation === 1) onStatus(overlay.id, { kind: 'loading' });
    source.call('indicators.compute', { ...key, indicator: overlay.indicator, params: { ...overlay.params } }).then(
      (result) => {
        if (current()) onStatus(overlay.id, { kind: 'ready', result });
      },
      (error: unknown) => {
        if (current()) onStatus(overlay.id, { kind: 'error', message: errorText(error) });
      },
    );
  };
  const refreshAll = (): void => {
    for (const overlay of overlays()) refresh(overlay);
  };
  const unwatch = watchSeriesChanges(source, key, refreshAll, options.delayMs ?? 300);

  return {
    refresh,
    refreshAll,
    stop: () => {
      stopped = true;
      unwatch();
    },
  };
}

/**
 * Calls `onChange` once per burst (after `delayMs`) when a bar of the series closes, a batch of its
 * history is stored, events were missed, or the engine comes back: whatever was computed from the stored
 * series may be stale then. Returns the function that stops watching.
 */
export function watchSeriesChanges(source: FeedSource, key: SeriesKey, onChange: () => void, delayMs: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let wasDown = false;
  const soon = (): void => {
    if (timer !== null || stopped) return;
    timer = setTimeout(() => {
      timer = null;
      if (!stopped) onChange();
    }, delayMs);
  };
  const stops = [
    source.on('data.candle', (event) => {
      if (event.closed && sameSeries(event, key)) soon();
    }),
    source.on('data.history', (event) => {
      if (sameSeries(event, key)) soon();
    }),
    source.onGap('data.candle', soon),
    source.onGap('data.history', soon),
    source.onStateChange((state) => {
      if (state.status !== 'open') wasDown = true;
      else if (wasDown) {
        wasDown = false;
        soon();
      }
    }),
  ];
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    for (const stop of stops) stop();
  };
}
