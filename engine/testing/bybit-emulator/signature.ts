import { createHmac, timingSafeEqual } from 'node:crypto';

export type ApiKeys = ReadonlyMap<string, string>;

export type SignatureCheck = { readonly ok: true; readonly apiKey: string } | { readonly ok: false; readonly retCode: number; readonly retMsg: string };

type SignedRequest = {
  readonly method: string;
  /** The query string exactly as received (GET) or the body bytes as received (POST). */
  readonly signedPayload: string;
  readonly header: (name: string) => string | undefined;
  readonly now: number;
};

/**
 * Bybit v5 request signing: HMAC-SHA256 of timestamp + key + recvWindow + (raw query | raw body),
 * checked against the bytes as received, with Bybit's time window rule and its error codes.
 */
export function checkRestSignature(request: SignedRequest, keys: ApiKeys): SignatureCheck {
  const apiKey = request.header('x-bapi-api-key');
  const timestamp = request.header('x-bapi-timestamp');
  const signature = request.header('x-bapi-sign');
  const recvWindow = request.header('x-bapi-recv-window') ?? '5000';
  if (!apiKey || !timestamp || !signature) return { ok: false, retCode: 10003, retMsg: 'API key is invalid.' };
  const secret = keys.get(apiKey);
  if (secret === undefined) return { ok: false, retCode: 10003, retMsg: 'API key is invalid.' };
  const ts = Number(timestamp);
  const window = Number(recvWindow);
  if (!Number.isFinite(ts) || !Number.isFinite(window) || !(request.now - window <= ts && ts < request.now + 1000)) {
    return {
      ok: false,
      retCode: 10002,
      retMsg: `invalid request, please check your server timestamp or recv_window param. req_timestamp[${timestamp}],server_timestamp[${request.now}],recv_window[${recvWindow}]`,
    };
  }
  const expected = hmacHex(secret, timestamp + apiKey + recvWindow + request.signedPayload);
  if (!sameHex(expected, signature)) return { ok: false, retCode: 10004, retMsg: 'error sign! origin_string[' + timestamp + apiKey + recvWindow + ']' };
  return { ok: true, apiKey };
}

/** The private WebSocket's `auth` op: HMAC of "GET/realtime" + expires, which must lie in the future. */
export function checkStreamAuth(args: readonly unknown[], keys: ApiKeys, now: number): boolean {
  const [apiKey, expires, signature] = args;
  if (typeof apiKey !== 'string' || typeof signature !== 'string') return false;
  const secret = keys.get(apiKey);
  if (secret === undefined || Number(expires) <= now) return false;
  return sameHex(hmacHex(secret, `GET/realtime${String(expires)}`), signature);
}

function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b.toLowerCase());
  return left.length === right.length && timingSafeEqual(left, right);
}
