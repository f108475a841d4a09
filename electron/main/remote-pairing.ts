/**
 * Pairing with a remote engine, done by main rather than the page: main can see the certificate the
 * engine presents, compare it with the fingerprint from the pairing link before the code is sent,
 * and pin it for the window's later connections (see certificate-pins.ts).
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import {
  interpretPairResponse,
  normalizeFingerprint,
  pairRequestProblem,
  type PairReply,
  type PairRequest,
} from '../shared/pairing';
import { pinKey, type PinStore } from './certificate-pins';

export const PAIR_TIMEOUT_MS = 15_000;
/** A pairing answer is a few hundred bytes; anything far larger is not one. */
const MAX_REPLY_BYTES = 64 * 1024;

export type RemotePairingDeps = {
  readonly pins: PinStore;
  readonly timeoutMs?: number;
};

type Posted =
  | { readonly kind: 'answered'; readonly status: number; readonly body: unknown; readonly fingerprint: string | null }
  | { readonly kind: 'mismatch'; readonly actual: string }
  | { readonly kind: 'unreachable'; readonly message: string };

/** Reads a pairing request from the page (untrusted shape), pairs, and pins the certificate on success. */
export async function pairRemoteDevice(input: unknown, deps: RemotePairingDeps): Promise<PairReply> {
  const request = readRequest(input);
  if (!request) return { ok: false, kind: 'invalid', message: 'The pairing request is malformed.' };
  const problem = pairRequestProblem(request);
  if (problem) return { ok: false, kind: 'invalid', message: problem };
  const named = request.fingerprint === null ? null : normalizeFingerprint(request.fingerprint);
  if (request.fingerprint !== null && named === null) {
    return { ok: false, kind: 'invalid', message: 'The fingerprint in the pairing link is not a SHA-256 fingerprint (32 hex pairs). Copy the whole link again.' };
  }
  const origin = new URL(request.origin);
  const body = JSON.stringify({ code: request.code.trim(), deviceName: request.deviceName.trim() });
  const timeoutMs = deps.timeoutMs ?? PAIR_TIMEOUT_MS;

  if (origin.protocol === 'http:') {
    // Plain HTTP only reaches this computer (checked above); there is no certificate to pin.
    const posted = await post(origin, body, null, timeoutMs);
    return answer(posted, request.origin, null);
  }

  const key = pinKey(origin);
  // With no fingerprint in the link, an engine paired before must still present its pinned certificate;
  // a first pairing trusts what it sees, and the window shows that fingerprint to compare.
  const expected = named ?? deps.pins.get(key);
  const posted = await post(origin, body, expected, timeoutMs);
  if (posted.kind === 'mismatch') {
    return {
      ok: false,
      kind: 'fingerprint-mismatch',
      message:
        `The engine at ${origin.host} presented a certificate with fingerprint ${posted.actual}, not ${expected ?? '?'}` +
        `${named ? ' as the pairing link says' : ' as pinned when this device paired before'}. The code was not sent. ` +
        'Someone may be impersonating the engine; check the fingerprint `stratus serve` prints.',
      ...(expected ? { expected } : {}),
      actual: posted.actual,
    };
  }
  const reply = answer(posted, request.origin, posted.kind === 'answered' ? posted.fingerprint : null);
  if (!reply.ok || posted.kind !== 'answered' || posted.fingerprint === null) return reply;
  // The engine names its own certificate too; another one on the wire means something sits in between.
  const claimed = readClaimedFingerprint(posted.body);
  if (claimed !== null && claimed !== posted.fingerprint) {
    return {
      ok: false,
      kind: 'fingerprint-mismatch',
      message: `The engine says its certificate is ${claimed}, but the connection presented ${posted.fingerprint}: something between this computer and the engine terminates TLS. Not pinned.`,
      expected: claimed,
      actual: posted.fingerprint,
    };
  }
  deps.pins.set(key, posted.fingerprint);
  return reply;
}

function answer(posted: Posted, origin: string, fingerprint: string | null): PairReply {
  if (posted.kind === 'unreachable') return { ok: false, kind: 'unreachable', message: `Cannot reach the engine at ${new URL(origin).host}: ${posted.message}.` };
  if (posted.kind === 'mismatch') return { ok: false, kind: 'fingerprint-mismatch', message: 'The engine presented an unexpected certificate.', actual: posted.actual };
  return interpretPairResponse(posted.status, posted.body, fingerprint);
}

/**
 * POSTs the body to `/pair`. Over TLS the body is written only after the handshake, once the peer's
 * certificate matches `expected` (when given), so a code never reaches an impostor. The certificate
 * chain is not checked against the system's roots: an engine's certificate is self-signed, and the
 * fingerprint is what identifies it.
 */
function post(origin: URL, body: string, expected: string | null, timeoutMs: number): Promise<Posted> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Posted): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const tls = origin.protocol === 'https:';
    const options = {
      hostname: origin.hostname.replace(/^\[|\]$/g, ''),
      port: origin.port === '' ? (tls ? 443 : 80) : Number(origin.port),
      path: '/pair',
      method: 'POST',
      agent: false as const,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    };
    let presented: string | null = null;
    const onResponse = (response: IncomingMessage): void => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_REPLY_BYTES) {
          request.destroy();
          settle({ kind: 'unreachable', message: 'its answer was far larger than a pairing reply' });
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          // Judged by its status alone.
        }
        settle({ kind: 'answered', status: response.statusCode ?? 0, body: parsed, fingerprint: presented });
      });
      response.on('error', (error) => settle({ kind: 'unreachable', message: error.message }));
    };
    const request: ClientRequest = tls
      ? httpsRequest({ ...options, rejectUnauthorized: false, servername: isIp(options.hostname) ? undefined : options.hostname }, onResponse)
      : httpRequest(options, onResponse);
    const timer = setTimeout(() => {
      request.destroy();
      settle({ kind: 'unreachable', message: `no answer within ${Math.round(timeoutMs / 1000)} s` });
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) => settle({ kind: 'unreachable', message: describeNetworkError(error) }));
    if (!tls) {
      request.end(body);
      return;
    }
    request.on('socket', (socket) => {
      (socket as TLSSocket).once('secureConnect', () => {
        const certificate = (socket as TLSSocket).getPeerCertificate();
        presented = typeof certificate?.fingerprint256 === 'string' ? certificate.fingerprint256.toUpperCase() : null;
        if (presented === null || (expected !== null && presented !== expected)) {
          settle({ kind: 'mismatch', actual: presented ?? 'none' });
          request.destroy();
          return;
        }
        request.end(body);
      });
    });
  });
}

function readRequest(input: unknown): PairRequest | null {
  if (typeof input !== 'object' || input === null) return null;
  const origin: unknown = Reflect.get(input, 'origin');
  const code: unknown = Reflect.get(input, 'code');
  const deviceName: unknown = Reflect.get(input, 'deviceName');
  const fingerprint: unknown = Reflect.get(input, 'fingerprint');
  if (typeof origin !== 'string' || typeof code !== 'string' || typeof deviceName !== 'string') return null;
  if (fingerprint !== null && fingerprint !== undefined && typeof fingerprint !== 'string') return null;
  if (origin.length > 2048 || code.length > 64 || deviceName.length > 256) return null;
  return { origin, code, deviceName, fingerprint: typeof fingerprint === 'string' && fingerprint !== '' ? fingerprint : null };
}

function readClaimedFingerprint(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const value: unknown = Reflect.get(body, 'fingerprint');
  return typeof value === 'string' ? normalizeFingerprint(value) : null;
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}

function describeNetworkError(error: NodeJS.ErrnoException): string {
  if (error.code === 'ECONNREFUSED') return 'nothing is listening there (is `stratus serve` running?)';
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (error.code === 'ETIMEDOUT' || error.code === 'EHOSTUNREACH' || error.code === 'ENETUNREACH') return 'the host cannot be reached';
  if (error.code === 'EPROTO' || /wrong version number|ssl/i.test(error.message)) return 'it does not speak TLS on that port (try http:// for an engine on this computer)';
  return error.message;
}
