import { parseVenueEndpoint, type VenueEndpoints } from '../kernel/venue-clients';

/** commander helper for repeatable options. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Venue endpoints from `--venue-endpoint` flags, then `$STRATUS_VENUE_ENDPOINTS` (comma-separated). */
export function venueEndpointsFrom(flags: readonly string[]): VenueEndpoints | undefined {
  const fromEnv = (process.env.STRATUS_VENUE_ENDPOINTS ?? '').split(',').filter((entry) => entry.trim() !== '');
  const all = [...fromEnv, ...flags];
  return all.length === 0 ? undefined : Object.fromEntries(all.map(parseVenueEndpoint));
}
