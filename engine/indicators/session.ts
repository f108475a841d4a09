/** Sessions for VWAP and TWAP: fixed-length UTC periods, by default the UTC day. */
export type SessionOptions = {
  /** Session length in ms (default 86,400,000: one UTC day). */
  readonly sessionMs?: number;
  /** Where sessions start, in ms after the UTC epoch modulo the length (default 0: midnight UTC). */
  readonly offsetMs?: number;
};

export const DAY_MS = 86_400_000;

export function sessionOf(openTime: number, sessionMs: number, offsetMs: number): number {
  return Math.floor((openTime - offsetMs) / sessionMs);
}

export function checkSession(indicator: string, options: SessionOptions): { sessionMs: number; offsetMs: number } {
  const sessionMs = options.sessionMs ?? DAY_MS;
  const offsetMs = options.offsetMs ?? 0;
  if (!Number.isInteger(sessionMs) || sessionMs <= 0) {
    throw new RangeError(`${indicator}: sessionMs must be a positive integer number of ms, got ${String(sessionMs)}`);
  }
  if (!Number.isInteger(offsetMs) || offsetMs < 0 || offsetMs >= sessionMs) {
    throw new RangeError(`${indicator}: offsetMs must be an integer in [0, sessionMs), got ${String(offsetMs)}`);
  }
  return { sessionMs, offsetMs };
}
