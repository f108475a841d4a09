import type { EngineClient } from '../engine-client/engine-client';
import type { MarketStore } from './market-store';

export type SeriesSyncOptions = {
  /** Longest the list may lag behind stored candles; a burst of candles costs one refresh. */
  readonly refreshDelayMs?: number;
};

/**
 * Keeps the market store's series list (counts, first and last times) current: loaded whenever the
 * engine welcomes us, refreshed shortly after candles are stored and after a gap. Returns a stop function.
 */
export function startSeriesSync(client: Pick<EngineClient, 'call' | 'on' | 'onGap' | 'onStateChange' | 'getState'>, market: MarketStore, options: SeriesSyncOptions = {}): () => void {
  const delay = options.refreshDelayMs ?? 1_000;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let request = 0;

  const refresh = (): void => {
    const current = ++request;
    client.call('data.series', {}).then(
      (series) => {
        if (!stopped && current === request) market.getState().setSeries(series);
      },
      (error: unknown) => console.warn('engine: data.series failed', error),
    );
  };

  const refreshSoon = (): void => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      if (!stopped) refresh();
    }, delay);
  };

  // Only new bars change the list (counts, last times): a still-open bar updating does not.
  const stopEvents = client.on('data.candle', (event) => {
    if (event.closed) refreshSoon();
  });
  const stopHistory = client.on('data.history', refreshSoon);
  const stopGaps = client.onGap('data.candle', refresh);
  const stopHistoryGaps = client.onGap('data.history', refresh);
  let loadedFrom: string | null = null;
  const loadOnWelcome = (state: ReturnType<typeof client.getState>): void => {
    // After a reconnect to the same engine the replayed candles trigger a refresh by themselves.
    if (state.status === 'open' && state.engineId !== loadedFrom) {
      loadedFrom = state.engineId;
      refresh();
    }
  };
  const stopState = client.onStateChange(loadOnWelcome);
  loadOnWelcome(client.getState());

  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    stopEvents();
    stopHistory();
    stopGaps();
    stopHistoryGaps();
    stopState();
  };
}
