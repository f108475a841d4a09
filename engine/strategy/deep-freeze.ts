/**
 * Freezes an object and everything reachable from it, so a strategy cannot change what the engine
 * (or the next strategy) sees. Already-frozen objects are skipped: a snapshot shared by many bars or
 * strategies is walked once.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
}
