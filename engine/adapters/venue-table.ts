import type { VenueCapabilities } from '../data/market-data-client';
import { TIMEFRAMES } from '../model/timeframe';
import { bybitFrameProblem, bybitUrls } from './bybit/bybit-endpoint';

/** How to reach a venue somewhere else than its public endpoints (a local emulator, a testnet mirror). */
export type VenueEndpoint = { readonly restUrl: string; readonly wsUrl: string };

export type VenueDefinition = {
  readonly id: string;
  readonly name: string;
  /** ccxt's exchange id, for the REST and pro (WebSocket) classes. */
  readonly ccxtId: 'bybit' | 'binance' | 'okx';
  readonly capabilities: VenueCapabilities;
  /** ccxt options that avoid calls the data engine does not need. */
  readonly ccxtConfig: Readonly<Record<string, unknown>>;
  /** Order book depth to subscribe to for the best bid and ask (each venue allows different depths). */
  readonly topOfBookDepth: number;
  /** ccxt `urls` that point the venue at another endpoint; venues without it cannot be redirected. */
  readonly endpointUrls?: (endpoint: VenueEndpoint) => Readonly<Record<string, unknown>>;
  /** Why a WebSocket frame must not reach ccxt's parser, or null when it may. */
  readonly frameProblem?: (message: unknown) => string | null;
};

const ALL_STREAMS = { candles: true, trades: true, book: true, ticker: true } as const;

/**
 * The capability table: every venue goes through the same ccxt code path; what differs is here.
 * Bybit is the trading venue; Binance and OKX serve market data.
 */
export const VENUES = {
  bybit: {
    id: 'bybit',
    name: 'Bybit',
    ccxtId: 'bybit',
    capabilities: {
      nativeTimeframes: TIMEFRAMES,
      candlesPerRequest: 1000,
      streams: ALL_STREAMS,
      kinds: ['spot', 'linear'],
    },
    ccxtConfig: {
      has: { fetchCurrencies: false },
      options: { fetchMarkets: { types: ['spot', 'linear'] }, enableUnifiedAccount: true, enableUnifiedMargin: false },
    },
    topOfBookDepth: 1,
    endpointUrls: bybitUrls,
    frameProblem: bybitFrameProblem,
  },
  binance: {
    id: 'binance',
    name: 'Binance',
    ccxtId: 'binance',
    capabilities: {
      nativeTimeframes: TIMEFRAMES,
      candlesPerRequest: 1000,
      streams: ALL_STREAMS,
      kinds: ['spot', 'linear'],
    },
    ccxtConfig: {
      has: { fetchCurrencies: false },
      options: { fetchMarkets: { types: ['spot', 'linear'] } },
    },
    topOfBookDepth: 5,
  },
  okx: {
    id: 'okx',
    name: 'OKX',
    ccxtId: 'okx',
    capabilities: {
      nativeTimeframes: TIMEFRAMES,
      // OKX pages history 100 candles at a time (300 on the recent endpoint).
      candlesPerRequest: 100,
      streams: ALL_STREAMS,
      kinds: ['spot', 'linear'],
    },
    ccxtConfig: {
      has: { fetchCurrencies: false },
      options: { fetchMarkets: { types: ['spot', 'swap'] } },
    },
    topOfBookDepth: 1,
  },
} as const satisfies Record<string, VenueDefinition>;

export type VenueId = keyof typeof VENUES;

export const VENUE_IDS = Object.keys(VENUES) as VenueId[];

export function isVenueId(value: string): value is VenueId {
  return value in VENUES;
}
