import type { ClientMessage, Rejection, ServerMessage } from './api-types';

/** What a transport reports about its link, apart from the messages on it. */
export type LinkStatus =
  | { readonly state: 'connecting' }
  /** The link dropped (or never came up) and the transport will try again after `delayMs`. */
  | { readonly state: 'reconnecting'; readonly attempt: number; readonly delayMs: number }
  /** The engine refused this client (a wrong token); the transport will not try again. */
  | { readonly state: 'refused'; readonly reason: Rejection }
  /** Closed for good: by `close()`, or because the engine cannot run (then with a reason). */
  | { readonly state: 'closed'; readonly reason: Rejection | null };

export type TransportListener = {
  readonly onMessage: (message: ServerMessage) => void;
  readonly onStatus: (status: LinkStatus) => void;
};

/**
 * Moves protocol messages between the client and one engine. A transport authenticates and
 * reconnects on its own; the engine's `welcome` (passed on through onMessage) says the link is usable.
 * `refused` messages are the transport's business and are reported as a status, not passed on.
 */
export type Transport = {
  start(listener: TransportListener): void;
  /** Only called between a `welcome` and the next status change; throws if the link is down. */
  send(message: ClientMessage): void;
  close(): void;
};
