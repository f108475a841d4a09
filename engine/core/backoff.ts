/** Exponential backoff with jitter, so reconnecting clients spread out instead of retrying in step. */
export type BackoffPolicy = {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  /** Share of each delay that is random: 0 is fixed delays, 1 is "full jitter". */
  readonly jitter: number;
};

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.5 };

/** Delay before retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt));
  return Math.round(base * (1 - policy.jitter) + base * policy.jitter * random());
}

export type RetryOptions = {
  readonly policy?: BackoffPolicy;
  readonly maxAttempts: number;
  readonly isRetryable: (error: unknown) => boolean;
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly signal?: AbortSignal;
};

/** Runs `operation`, retrying retryable failures with backoff; anything else, or the last failure, is thrown. */
export async function retry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const sleep = options.sleep ?? abortableSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (!options.isRetryable(error) || attempt + 1 >= options.maxAttempts || options.signal?.aborted) throw error;
      const delay = backoffDelay(attempt, options.policy);
      options.onRetry?.(error, attempt, delay);
      await sleep(delay, options.signal);
    }
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
