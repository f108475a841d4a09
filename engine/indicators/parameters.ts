/** Parameter checks shared by the indicators: a bad period is a programming error and throws at construction. */

export function checkPeriod(indicator: string, name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${indicator}: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

export function checkPositive(indicator: string, name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${indicator}: ${name} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/**
 * How many slides a running sum may make before it is summed again from its window: a sum updated by
 * `+ new − old` gathers rounding error with every step, so it is rebuilt exactly from the buffer now and
 * then. Rebuilding every max(period, 1024) updates costs at most one extra add per update, amortised.
 */
export function resumEvery(period: number): number {
  return Math.max(period, 1024);
}
