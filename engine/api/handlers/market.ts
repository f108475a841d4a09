import { z } from 'zod';
import type { DownloadJobs } from '../../data/download-jobs';
import type { MarketDataService } from '../../data/market-data-service';
import type { Watchlist } from '../../data/watchlist';
import type { VenueCapabilities } from '../../data/market-data-client';
import type { TradeRepository } from '../../store/repositories/trade-repository';
import { defineHandler } from '../define-handler';
import { seriesKeySchema } from '../schemas';

export type VenueInfo = { readonly id: string; readonly name: string; readonly capabilities: VenueCapabilities };

export type MarketDeps = {
  readonly market: MarketDataService;
  readonly downloads: DownloadJobs;
  readonly watchlist: Watchlist;
  readonly trades: TradeRepository;
  readonly venues: readonly VenueInfo[];
};

const venue = seriesKeySchema.shape.venue;
const symbol = seriesKeySchema.shape.symbol;
const time = z.number().int().nonnegative();

/** Venues, instruments, history downloads, gaps and live feeds. */
export function createMarketHandlers(deps: MarketDeps) {
  return {
    'data.venues': defineHandler(z.object({}).strict(), () => deps.venues),

    'data.instruments': defineHandler(
      z.object({ query: z.string().max(64).default(''), venue: venue.optional(), limit: z.number().int().positive().max(500).default(50) }).strict(),
      ({ query, venue: v, limit }) => deps.market.searchInstruments(query, { venue: v, limit }),
    ),

    'data.loadInstruments': defineHandler(z.object({ venue }).strict(), ({ venue: v }) => deps.market.refreshInstruments(v)),

    'data.download': defineHandler(
      seriesKeySchema.extend({ since: time, until: time.optional() }).strict(),
      async (request) => {
        // Check the symbol before starting, so a typo is an error for the caller, not a failed job.
        await deps.market.instrument(request.venue, request.symbol);
        return deps.downloads.start(request);
      },
    ),

    'data.downloads': defineHandler(z.object({}).strict(), () => deps.downloads.list()),

    'data.cancelDownload': defineHandler(z.object({ id: z.string().min(1).max(64) }).strict(), ({ id }) => deps.downloads.cancel(id)),

    'data.gaps': defineHandler(seriesKeySchema.extend({ from: time.optional(), to: time.optional() }).strict(), ({ from, to, ...key }) =>
      deps.market.gaps(key, { from, to }),
    ),

    'data.fillGaps': defineHandler(seriesKeySchema.extend({ from: time.optional(), to: time.optional() }).strict(), ({ from, to, ...key }) =>
      deps.market.fillGaps(key, { from, to }),
    ),

    'data.watch': defineHandler(seriesKeySchema.strict(), async (key) => {
      const status = await deps.market.watch(key);
      deps.watchlist.add(key);
      return status;
    }),

    'data.unwatch': defineHandler(seriesKeySchema.strict(), async (key) => {
      await deps.market.unwatch(key);
      deps.watchlist.remove(key);
      return { unwatched: true };
    }),

    'data.feeds': defineHandler(z.object({}).strict(), () => deps.market.feedStatuses()),

    'data.recentTrades': defineHandler(
      z.object({ venue, symbol, limit: z.number().int().positive().max(1000).default(100) }).strict(),
      ({ venue: v, symbol: s, limit }) => deps.trades.recent(v, s, limit),
    ),
  };
}

export type MarketHandlers = ReturnType<typeof createMarketHandlers>;
