const WEBSOCKET_SCHEMES: Readonly<Record<string, string | undefined>> = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' };

/** What a trader typed or pasted as the engine's address, made into the API's WebSocket URL. */
export type ParsedEngineAddress = { readonly url: string; readonly token: string | null };

/**
 * Accepts what people actually paste: `http://host:7420/#token=…` as printed by `stratus serve`,
 * `host:7420`, or a full `wss://host/api`. The path defaults to /api; a `#token=` is taken out.
 */
export function parseEngineAddress(input: string): ParsedEngineAddress | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `ws://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  const scheme = WEBSOCKET_SCHEMES[url.protocol];
  if (!scheme || url.host === '') return null;
  const token = tokenFromFragment(url.hash);
  const path = url.pathname === '' || url.pathname === '/' ? '/api' : url.pathname;
  return { url: `${scheme}//${url.host}${path}${url.search}`, token };
}

/** The token in a `#token=…` fragment, or null. */
export function tokenFromFragment(hash: string): string | null {
  const params = new URLSearchParams(hash.startsWith('#') ? hash.slice(1) : hash);
  const token = params.get('token');
  return token === null || token === '' ? null : token;
}

/** The API endpoint of the server that served this page: where `stratus serve` listens. */
export function sameOriginApiUrl(location: Pick<Location, 'protocol' | 'host'>): string | null {
  if (location.protocol !== 'http:' && location.protocol !== 'https:') return null;
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api`;
}
