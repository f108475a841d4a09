import type { Candle, SeriesKey } from '../../engine-client/api-types';
import type { EngineClient } from '../../engine-client/engine-client';
import { sameSeries } from '../../stores/market-store';
import type { CandleSink } from './candle-chart';
import { errorText } from '../../format/format';

export type FeedStatus =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly empty: boolean }
  | { readonly kind: 'error'; readonly message: string };

export type FeedSource = Pick<EngineClient, 'call' | 'on' | 'onGap' | 'onStateChange'>;

export type FeedOptions = {
  /** Wait before reloading after candles arrive out of order, so a backfill burst costs one reload. */
  readonly reloadDelayMs?: number;
};

/**
 * Keeps a chart in step with one stored series: loads it with `data.candles`, then applies every
 * matching `data.candle` event. Events that arrive while the load is in flight are held and applied
 * after it, so none is lost between the query and the first draw. A gap, an engine restart or an
 * out-of-order candle reloads the series. Returns a function that stops it.
 */
export function startCandleFeed(source: FeedSource, sink: CandleSink, key: SeriesKey, onStatus: (status: FeedStatus) => void, options: FeedOptions = {}): () => void {
  const reloadDelayMs = options.reloadDelayMs ?? 250;
  let generation = 0;
  let held: Candle[] | null = null;
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  let failed = false;
  let stopped = false;
  let empty = false;

  const draw = (candle: Candle): 'drawn' | 'older' => {
    const result = sink.applyCandle(candle);
    if (result === 'drawn' && empty) {
      empty = false;
      onStatus({ kind: 'ready', empty: false });
    }
    return result;
  };

  const load = (): void => {
    const current = ++generation;
    held = [];
    failed = false;
    onStatus({ kind: 'loading' });
    source.call('data.candles', { venue: key.venue, symbol: key.symbol, timeframe: key.timeframe }).then(
      (columns) => {
        if (current !== generation || stopped) return;
        sink.setColumns(columns);
        const pending = held ?? [];
        held = null;
        empty = columns.openTime.length === 0;
        onStatus({ kind: 'ready', empty });
        // Held candles older than the loaded last bar were already in the load.
        for (const candle of pending) draw(candle);
        sink.setReady(true);
      },
      (error: unknown) => {
        if (current !== generation || stopped) return;
        held = null;
        failed = true;
        onStatus({ kind: 'error', message: errorText(error) });
      },
    );
  };

  const reloadSoon = (): void => {
    if (reloadTimer !== null) return;
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      if (!stopped) load();
    }, reloadDelayMs);
  };

  const stopEvents = source.on('data.candle', (event) => {
    if (!sameSeries(event, key)) return;
    if (held) {
      held.push(event.candle);
      return;
    }
    if (failed) return;
    if (draw(event.candle) === 'older') reloadSoon();
  });
  // A download or a backfill stored a batch of this series: reload once it settles.
  const stopHistory = source.on('data.history', (event) => {
    if (sameSeries(event, key)) reloadSoon();
  });
  const stopGaps = source.onGap('data.candle', () => load());
  // A stored batch whose summary event was lost may be this series': reload rather than miss it.
  const stopHistoryGaps = source.onGap('data.history', () => load());
  // A load that failed because the link was down is retried as soon as the engine is back.
  const stopState = source.onStateChange((state) => {
    if (state.status === 'open' && failed) load();
  });

  sink.setReady(false);
  load();

  return () => {
    stopped = true;
    generation++;
    if (reloadTimer !== null) clearTimeout(reloadTimer);
    stopEvents();
    stopHistory();
    stopGaps();
    stopHistoryGaps();
    stopState();
  };
}
