import { CcxtDataClient } from '../adapters/ccxt/ccxt-data-client';
import { isVenueId, VENUES, type VenueEndpoint } from '../adapters/venue-table';
import { ValidationError } from '../core/errors';
import type { MarketDataClient } from '../data/market-data-client';

export type VenueEndpoints = Readonly<Record<string, VenueEndpoint>>;

/** Builds the data client of a venue from the capability table; every venue goes through ccxt. */
export function createVenueClient(
  venue: string,
  options: { endpoints?: VenueEndpoints; rateLimit?: boolean; onBadFrame: (problem: string) => void },
): Promise<MarketDataClient> {
  if (!isVenueId(venue)) throw new ValidationError(`unknown venue "${venue}"`);
  return CcxtDataClient.create(VENUES[venue], { endpoint: options.endpoints?.[venue], rateLimit: options.rateLimit, onBadFrame: options.onBadFrame });
}

/**
 * Parses `--venue-endpoint bybit=http://127.0.0.1:9000` values: the REST base, with the WebSocket base
 * on the same host and port.
 */
export function parseVenueEndpoint(text: string): [string, VenueEndpoint] {
  const match = /^([a-z0-9_-]+)=(https?:\/\/.+)$/.exec(text.trim());
  if (!match) throw new ValidationError(`venue endpoint "${text}" must look like bybit=http://127.0.0.1:9000`);
  const [, venue, restUrl] = match as unknown as [string, string, string];
  if (!isVenueId(venue)) throw new ValidationError(`unknown venue "${venue}" in --venue-endpoint; use one of ${Object.keys(VENUES).join(', ')}`);
  let url: URL;
  try {
    url = new URL(restUrl);
  } catch {
    throw new ValidationError(`venue endpoint "${restUrl}" is not a URL`);
  }
  const wsUrl = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  return [venue, { restUrl: url.origin, wsUrl }];
}
