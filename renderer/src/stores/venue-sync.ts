import type { EngineClient } from '../engine-client/engine-client';
import type { VenueStore } from './venue-store';

/**
 * Keeps the venue store current: venues, feed states and downloads are loaded whenever the engine
 * welcomes us (and after a gap), then updated from `data.feed` and `data.download` events.
 */
export function startVenueSync(client: Pick<EngineClient, 'call' | 'on' | 'onGap' | 'onStateChange' | 'getState'>, store: VenueStore): () => void {
  let stopped = false;
  const load = (): void => {
    Promise.all([client.call('data.venues', {}), client.call('data.feeds', {}), client.call('data.downloads', {})]).then(
      ([venues, feeds, downloads]) => {
        if (stopped) return;
        const state = store.getState();
        state.setVenues(venues);
        state.setFeeds(feeds);
        state.setDownloads(downloads);
      },
      (error: unknown) => console.warn('engine: loading venues failed', error),
    );
  };
  const offs = [
    client.on('data.feed', (feed) => store.getState().updateFeed(feed)),
    client.on('data.download', (job) => store.getState().updateDownload(job)),
    client.onGap('data.feed', load),
    client.onGap('data.download', load),
    client.onStateChange((state) => {
      if (state.status === 'open') load();
    }),
  ];
  if (client.getState().status === 'open') load();
  return () => {
    stopped = true;
    for (const off of offs) off();
  };
}
