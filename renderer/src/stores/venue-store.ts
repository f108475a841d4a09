import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DownloadJob, FeedStatus, VenueInfo } from '../engine-client/api-types';

/** What the engine knows of venues: which exist, how their live feeds are doing, and the downloads running. */
export type VenueStoreState = {
  readonly venues: readonly VenueInfo[];
  readonly feeds: Readonly<Record<string, FeedStatus>>;
  readonly downloads: readonly DownloadJob[];
  setVenues(venues: readonly VenueInfo[]): void;
  setFeeds(feeds: readonly FeedStatus[]): void;
  updateFeed(feed: FeedStatus): void;
  setDownloads(jobs: readonly DownloadJob[]): void;
  updateDownload(job: DownloadJob): void;
  reset(): void;
};

export type VenueStore = StoreApi<VenueStoreState>;

const KEEP_DOWNLOADS = 20;

export function createVenueStore(): VenueStore {
  return createStore<VenueStoreState>()((set, get) => ({
    venues: [],
    feeds: {},
    downloads: [],
    setVenues: (venues) => set({ venues }),
    setFeeds: (feeds) => set({ feeds: Object.fromEntries(feeds.map((feed) => [feed.venue, feed])) }),
    updateFeed: (feed) => set({ feeds: { ...get().feeds, [feed.venue]: feed } }),
    setDownloads: (downloads) => set({ downloads: downloads.slice(0, KEEP_DOWNLOADS) }),
    updateDownload: (job) => {
      const others = get().downloads.filter((d) => d.id !== job.id);
      set({ downloads: [job, ...others].sort((a, b) => b.startedAt - a.startedAt).slice(0, KEEP_DOWNLOADS) });
    },
    reset: () => set({ venues: [], feeds: {}, downloads: [] }),
  }));
}

/** Whether a series is being watched live by its venue's feed. */
export function isWatched(feeds: Readonly<Record<string, FeedStatus>>, key: { venue: string; symbol: string; timeframe: string }): boolean {
  return feeds[key.venue]?.subscriptions.some((s) => s.symbol === key.symbol && s.timeframe === key.timeframe) ?? false;
}
