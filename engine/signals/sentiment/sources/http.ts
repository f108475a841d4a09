import { AuthError, RateLimitError, TransientError, ValidationError } from '../../../core/errors';

export type FetchOptions = {
  readonly method?: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly signal: AbortSignal;
  readonly timeoutMs?: number;
  /** Responses larger than this are refused, so one huge post cannot exhaust memory. */
  readonly maxBytes?: number;
};

/** A rate limit that says when to come back. */
export class RetryAfterError extends RateLimitError {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

/**
 * Fetches text and turns HTTP failures into the engine's error kinds: 429 → rate limit (with Retry-After),
 * 5xx and network failures → transient, 401/403 → credentials rejected, other 4xx → operational.
 */
export async function fetchText(url: string, options: FetchOptions): Promise<string> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 15_000);
  let response: Response;
  try {
    response = await fetch(url, {
      method: options.method ?? 'GET',
      headers: { 'user-agent': 'Stratus/0.1 (+sentiment)', ...options.headers },
      body: options.body,
      signal: AbortSignal.any([options.signal, timeout]),
      redirect: 'follow',
    });
  } catch (error) {
    throw new TransientError(`cannot reach ${hostOf(url)}: ${(error as Error).message}`, { cause: error });
  }
  if (response.status === 429) {
    await response.body?.cancel();
    throw new RetryAfterError(`${hostOf(url)} is rate limiting (HTTP 429)`, retryAfter(response.headers.get('retry-after')));
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new TransientError(`${hostOf(url)} failed with HTTP ${response.status}`);
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new AuthError(`${hostOf(url)} rejected the credentials (HTTP ${response.status})`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ValidationError(`${hostOf(url)} answered HTTP ${response.status}`);
  }
  const maxBytes = options.maxBytes ?? 5_000_000;
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new ValidationError(`${hostOf(url)} sent ${declared} bytes, more than the ${maxBytes} allowed`);
  }
  const buffer = await response.arrayBuffer();
  if (buffer.byteLength > maxBytes) throw new ValidationError(`${hostOf(url)} sent more than the ${maxBytes} bytes allowed`);
  return new TextDecoder('utf-8').decode(buffer);
}

export async function fetchJson(url: string, options: FetchOptions): Promise<unknown> {
  const text = await fetchText(url, options);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(`${hostOf(url)} sent malformed JSON: ${(error as Error).message}`);
  }
}

function retryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
