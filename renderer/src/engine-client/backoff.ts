export type BackoffConfig = {
  readonly initialMs: number;
  readonly maxMs: number;
};

export const DEFAULT_BACKOFF: BackoffConfig = { initialMs: 500, maxMs: 15_000 };

/**
 * Delay before reconnect attempt `attempt` (1-based): exponential, capped, with "equal jitter" so
 * that many windows cut off by the same engine restart do not all knock at the same instant.
 */
export function backoffDelay(attempt: number, config: BackoffConfig = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(config.maxMs, config.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
