/**
 * The pairing exchange as main performs it for the window: plain data shared by main, the preload
 * and the renderer (types and pure helpers only; no Electron import).
 */

/** Roles a device can be paired with (engine/api/auth/roles.ts). */
export type PairedRole = 'viewer' | 'trader' | 'admin';

export type PairRequest = {
  /** `https://host:port` (or `http://` on loopback) of the `stratus serve` that printed the code. */
  readonly origin: string;
  readonly code: string;
  readonly deviceName: string;
  /** The certificate's SHA-256 fingerprint from the pairing link, `AB:CD:…`; null when the trader typed none. */
  readonly fingerprint: string | null;
};

export type PairSuccess = {
  readonly ok: true;
  readonly token: string;
  readonly deviceId: string;
  readonly role: PairedRole;
  /** The fingerprint now pinned for this engine; null over plain HTTP on loopback. */
  readonly fingerprint: string | null;
};

/**
 * Why pairing failed, so the window can say what to do: a wrong or used code, too many attempts,
 * a certificate that is not the one the link named, an engine that cannot be reached, or anything
 * else the engine refused.
 */
export type PairFailureKind = 'bad-code' | 'locked-out' | 'fingerprint-mismatch' | 'unreachable' | 'invalid' | 'refused';

export type PairFailure = {
  readonly ok: false;
  readonly kind: PairFailureKind;
  readonly message: string;
  /** For a fingerprint mismatch: what the link named and what the engine presented. */
  readonly expected?: string;
  readonly actual?: string;
};

export type PairReply = PairSuccess | PairFailure;

/** Sent to the window when a pinned engine presents another certificate. */
export type CertificateRefusedPayload = {
  readonly host: string;
  readonly expected: readonly string[];
  readonly actual: string;
};

const HEX_PAIRS = /^([0-9A-F]{2})(:[0-9A-F]{2}){31}$/;

/**
 * A SHA-256 fingerprint in the engine's form (32 upper-case hex pairs joined by colons), from what a
 * trader pastes or types: any case, with or without colons or spaces. Null when it is not one.
 */
export function normalizeFingerprint(input: string): string | null {
  const hex = input.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  const pairs = hex.match(/../g)?.join(':') ?? '';
  return HEX_PAIRS.test(pairs) ? pairs : null;
}

/** Loopback hosts, the only ones an engine serves over plain HTTP. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export function isPairedRole(value: unknown): value is PairedRole {
  return value === 'viewer' || value === 'trader' || value === 'admin';
}

/** Longest device name the window sends; the engine shows it in its device list. */
export const MAX_DEVICE_NAME = 64;

export const PAIR_MESSAGES = {
  badCode: 'The engine did not accept this pairing code: it is wrong, has expired or was already used. Ask for a new one (`stratus pair`, or Settings → Devices on an admin device).',
  lockedOut: 'Too many wrong pairing codes from this address: the engine is not accepting more for now. Wait, then try again with a fresh code.',
  noPairing: 'This engine does not offer pairing. Update it, or connect with its token instead.',
  garbled: 'The engine answered the pairing request with something that is not a pairing reply.',
} as const;

/**
 * What a `POST /pair` answer means, from its HTTP status and parsed JSON body: the device token and
 * role, or a failure with a message a trader can act on. `fingerprint` is the certificate the
 * connection actually presented (null over plain HTTP).
 */
export function interpretPairResponse(status: number, body: unknown, fingerprint: string | null): PairReply {
  if (status === 200) {
    const reply = typeof body === 'object' && body !== null ? body : {};
    const token = Reflect.get(reply, 'token');
    const deviceId = Reflect.get(reply, 'deviceId');
    const role = Reflect.get(reply, 'role');
    if (typeof token !== 'string' || token === '' || typeof deviceId !== 'string' || !isPairedRole(role)) {
      return { ok: false, kind: 'refused', message: PAIR_MESSAGES.garbled };
    }
    return { ok: true, token, deviceId, role, fingerprint };
  }
  const detail = errorMessage(body);
  if (status === 429) return { ok: false, kind: 'locked-out', message: detail ? `${PAIR_MESSAGES.lockedOut} (${detail})` : PAIR_MESSAGES.lockedOut };
  if (status === 400 || status === 401 || status === 403) return { ok: false, kind: 'bad-code', message: PAIR_MESSAGES.badCode };
  if (status === 404 || status === 405) return { ok: false, kind: 'refused', message: PAIR_MESSAGES.noPairing };
  return { ok: false, kind: 'refused', message: `The engine refused to pair (HTTP ${status})${detail ? `: ${detail}` : '.'}` };
}

/** Checks the window's pairing form before anything is sent; null when it may go. */
export function pairRequestProblem(request: PairRequest): string | null {
  if (request.code.trim() === '') return 'Enter the pairing code printed by `stratus serve`.';
  const name = request.deviceName.trim();
  if (name === '') return 'Name this device, so it can be told apart in the engine’s device list.';
  if (name.length > MAX_DEVICE_NAME) return `Keep the device name under ${MAX_DEVICE_NAME + 1} characters.`;
  let url: URL;
  try {
    url = new URL(request.origin);
  } catch {
    return 'Enter the engine’s address, for example https://server:7420.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'Pair over https:// (or http:// to this computer).';
  if (url.username !== '' || url.password !== '') return 'The engine’s address must not carry a user name or password.';
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'A remote engine pairs over https:// only, so the code and the token cannot be read on the way.';
  }
  return null;
}

function errorMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const error: unknown = Reflect.get(body, 'error');
  if (typeof error !== 'object' || error === null) return null;
  const message: unknown = Reflect.get(error, 'message');
  return typeof message === 'string' && message !== '' ? message : null;
}

/** What the window says when a pinned engine presents a certificate other than the pinned one. */
export function certificateRefusedMessage(payload: CertificateRefusedPayload): string {
  return (
    `The engine at ${payload.host} presented a different certificate (SHA-256 ${payload.actual}) from the one pinned when this ` +
    `device was paired, so the connection was refused: someone may be impersonating it. If the engine's certificate was ` +
    `renewed on purpose, check the new fingerprint it prints and pair again.`
  );
}
