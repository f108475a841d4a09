/**
 * What travels on the MessagePort between the page and main for a WebSocket main opens on the page's
 * behalf to a remote engine (so that main can check the engine's pinned certificate for its exact
 * host:port on the very TLS connection the page's messages then use). Plain data only.
 */

/** Main → page. */
export type RelayToPage =
  | { readonly kind: 'open' }
  | { readonly kind: 'message'; readonly data: string }
  | { readonly kind: 'close'; readonly code: number; readonly reason: string };

/** Page → main. */
export type RelayToMain = { readonly kind: 'send'; readonly data: string } | { readonly kind: 'close'; readonly code: number; readonly reason: string };

/** Close codes the relay itself uses: a URL it will not open, and a certificate other than the pinned one (1015: TLS failure). */
export const RELAY_CLOSE = { badUrl: 1008, certificateRefused: 1015, unreachable: 1006 } as const;
