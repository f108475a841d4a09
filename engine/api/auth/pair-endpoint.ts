import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AuthError, EngineError, RateLimitError, ValidationError, toRejection } from '../../core/errors';
import type { AuthService } from './auth-service';

export const PAIR_PATH = '/pair';

/** A pairing request is two short strings; anything much larger is refused before it is parsed. */
export const MAX_PAIR_BODY_BYTES = 4 * 1024;

const pairRequestSchema = z
  .object({
    code: z.string().min(1).max(32),
    deviceName: z.string().trim().min(1, 'a device name is required').max(64),
  })
  .strict();

const HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/**
 * POST /pair on the serve port: a device exchanges a one-time code for its own token. Every failure
 * answers `{error:{type,message}}`: 400 malformed, 401 wrong/used/expired code, 405 not a POST,
 * 413 too large, 415 not JSON, 429 locked out after repeated failures from the address.
 */
export function handlePairRequest(auth: AuthService, request: IncomingMessage, response: ServerResponse): void {
  const address = request.socket.remoteAddress ?? 'unknown';
  if (request.method !== 'POST') {
    reply(response, 405, new ValidationError('pairing takes a POST with {code, deviceName}'), { Allow: 'POST' });
    request.resume();
    return;
  }
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) {
    reply(response, 415, new ValidationError('send the pairing request as application/json'));
    request.resume();
    return;
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_PAIR_BODY_BYTES) {
    tooLarge(request, response);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  request.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    if (size > MAX_PAIR_BODY_BYTES) {
      refused = true;
      tooLarge(request, response);
      return;
    }
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (refused) return;
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch {
      reply(response, 400, new ValidationError('the pairing request is not valid JSON'));
      return;
    }
    const parsed = pairRequestSchema.safeParse(body);
    if (!parsed.success) {
      reply(response, 400, new ValidationError(`bad pairing request: ${z.prettifyError(parsed.error)}`));
      return;
    }
    try {
      const result = auth.pair(parsed.data.code, parsed.data.deviceName, address);
      response.writeHead(200, HEADERS).end(JSON.stringify(result));
    } catch (error) {
      if (error instanceof RateLimitError) reply(response, 429, error, { 'Retry-After': String(Math.ceil(auth.lockout.lockedFor(address) / 1000)) });
      else if (error instanceof AuthError) reply(response, 401, error);
      else if (error instanceof EngineError) reply(response, 400, error);
      else reply(response, 500, error);
    }
  });
  request.on('error', () => request.destroy());
}

/** Answers 413 and drops the connection once the answer is out, without reading the rest of the body. */
function tooLarge(request: IncomingMessage, response: ServerResponse): void {
  reply(response, 413, new ValidationError(`a pairing request is at most ${MAX_PAIR_BODY_BYTES} bytes`), { Connection: 'close' });
  response.on('finish', () => request.socket.destroy());
}

function reply(response: ServerResponse, status: number, error: unknown, headers: Record<string, string> = {}): void {
  if (response.headersSent) return;
  response.writeHead(status, { ...HEADERS, ...headers }).end(JSON.stringify({ error: toRejection(error) }));
}
