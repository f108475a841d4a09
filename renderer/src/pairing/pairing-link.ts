import { isLoopbackHost, normalizeFingerprint } from '../../../electron/shared/pairing';

/** Where to pair and then connect, and what the pairing link carried. */
export type PairingTarget = {
  /** `https://host:port` (or `http://` on loopback): where `POST /pair` goes. */
  readonly origin: string;
  /** The API's WebSocket URL on the same server, used once paired. */
  readonly apiUrl: string;
  readonly code: string | null;
  /** The certificate fingerprint the link names, normalised; null when it names none. */
  readonly fingerprint: string | null;
  /** The link named a fingerprint that is not a SHA-256 one: refuse rather than pair unpinned. */
  readonly badFingerprint: boolean;
};

const HTTP_SCHEMES: Readonly<Record<string, 'http:' | 'https:' | undefined>> = { 'http:': 'http:', 'https:': 'https:', 'ws:': 'http:', 'wss:': 'https:' };

/**
 * Reads what a trader pastes or types to pair: the link `stratus serve` prints
 * (`https://host:7420/#pair=ABCD-EFGH&fp=AB:CD:…`, or `&fingerprint=`), or just the engine's address. Without a scheme,
 * a loopback host is plain HTTP and any other host HTTPS (a remote engine serves only TLS).
 */
export function parsePairingLink(input: string): PairingTarget | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
  } catch {
    return null;
  }
  let scheme = HTTP_SCHEMES[url.protocol];
  if (!scheme || url.hostname === '') return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) && !isLoopbackHost(url.hostname)) scheme = 'https:';
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  const code = fragment.get('pair')?.trim() || null;
  // `stratus serve` and auth.createPairingCode may spell it either way.
  const rawFingerprint = fragment.get('fp') ?? fragment.get('fingerprint');
  const fingerprint = rawFingerprint ? normalizeFingerprint(rawFingerprint) : null;
  const origin = `${scheme}//${url.host}`;
  return {
    origin,
    apiUrl: `${scheme === 'https:' ? 'wss:' : 'ws:'}//${url.host}/api`,
    code: code === null ? null : normalizeCode(code),
    fingerprint,
    badFingerprint: rawFingerprint !== null && rawFingerprint !== '' && fingerprint === null,
  };
}

/** Pairing codes are read aloud and typed: ignore case and stray spaces. */
export function normalizeCode(code: string): string {
  return code.replace(/\s+/g, '').toUpperCase();
}

