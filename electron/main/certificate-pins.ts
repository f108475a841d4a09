/**
 * Certificates pinned at pairing, per engine (host:port), and the session rule that makes the
 * window's connections to a pinned host accept exactly its pinned certificate and nothing else.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { writePrivateFile } from '../../engine/secrets/private-file';
import { normalizeFingerprint, type CertificateRefusedPayload } from '../shared/pairing';

export type PinStore = {
  get(hostPort: string): string | null;
  set(hostPort: string, fingerprint: string): void;
  /** Every fingerprint pinned for a host name, whatever the port. */
  forHost(hostname: string): readonly string[];
};

/** `host:port` of an https (or wss) origin, with the default port written out and IPv6 hosts without brackets. */
export function pinKey(origin: URL): string {
  const port = origin.port !== '' ? origin.port : origin.protocol === 'https:' || origin.protocol === 'wss:' ? '443' : '80';
  return `${bareHost(origin.hostname)}:${port}`;
}

function hostOfKey(key: string): string {
  return key.slice(0, key.lastIndexOf(':'));
}

// URLs write IPv6 hosts in brackets; compare them without, however the host name was given.
function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

/** Pins kept in a small JSON file in the profile (owner-only), read once and rewritten on each change. */
export function createFilePinStore(path: string): PinStore {
  const pins = new Map<string, string>();
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null) {
      for (const [key, value] of Object.entries(parsed)) {
        const fingerprint = typeof value === 'string' ? normalizeFingerprint(value) : null;
        if (fingerprint && key.includes(':')) pins.set(key, fingerprint);
      }
    }
  } catch {
    // No file yet (nothing paired), or one that cannot be read: start with no pins.
  }
  return {
    get: (key) => pins.get(key) ?? null,
    set(key, fingerprint) {
      pins.set(key, fingerprint);
      // Owner-only and atomic: a rename never leaves a half-written file behind if the app stops mid-write.
      writePrivateFile(path, JSON.stringify(Object.fromEntries(pins), null, 2));
    },
    forHost: (hostname) => [...pins].filter(([key]) => hostOfKey(key) === bareHost(hostname)).map(([, fingerprint]) => fingerprint),
  };
}

/** SHA-256 fingerprint of a PEM certificate, in the engine's `AB:CD:…` form; null when it cannot be read. */
export function pemFingerprint(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
}

/** Chromium's answers to a certificate verify proc: accept, refuse, or keep Chromium's own verdict. */
export const VERIFY = { accept: 0, refuse: -2, chromium: -3 } as const;

export type VerifyDecision = { readonly result: (typeof VERIFY)[keyof typeof VERIFY]; readonly refused: CertificateRefusedPayload | null };

/**
 * Chromium's verify proc is told the host name but not the port, and the network service caches its
 * answer per certificate and host name; so the answer may depend on nothing else (a rule keyed on the
 * port being connected to would be replayed for the host's other ports). A host with pins therefore
 * accepts any of its pinned certificates and refuses every other; hosts never paired keep Chromium's
 * ordinary verification. The window's own connections to paired engines do not rely on this: main opens
 * them and checks the exact host:port (remote-socket-relay.ts; docs/remote-engine.md says why).
 */
export function decideCertificate(hostname: string, pem: string, pins: Pick<PinStore, 'forHost'>): VerifyDecision {
  const expected = pins.forHost(hostname);
  if (expected.length === 0) return { result: VERIFY.chromium, refused: null };
  const actual = pemFingerprint(pem);
  if (actual !== null && expected.includes(actual)) return { result: VERIFY.accept, refused: null };
  return { result: VERIFY.refuse, refused: { host: hostname, expected, actual: actual ?? 'unreadable' } };
}

type VerifyRequest = { readonly hostname: string; readonly certificate: { readonly data: string } };

/** The part of an Electron Session the pin rule uses. */
export type VerifySession = {
  setCertificateVerifyProc(proc: (request: VerifyRequest, callback: (result: number) => void) => void): void;
};

/** Installs the pin rule on a session; `onRefused` tells the windows why a connection failed. */
export function installCertificatePins(session: VerifySession, pins: Pick<PinStore, 'forHost'>, onRefused: (payload: CertificateRefusedPayload) => void): void {
  session.setCertificateVerifyProc((request, callback) => {
    const decision = decideCertificate(request.hostname, request.certificate.data, pins);
    if (decision.refused) onRefused(decision.refused);
    callback(decision.result);
  });
}
