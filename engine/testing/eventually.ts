/** Polls `check` until it stops throwing (or returns a truthy value); use instead of sleeping in tests. */
export async function eventually<T>(check: () => T | Promise<T>, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 5_000);
  const interval = options.intervalMs ?? 10;
  let lastError: unknown = new Error('condition was never checked');
  for (;;) {
    try {
      const value = await check();
      if (value !== false && value !== undefined && value !== null) return value;
      lastError = new Error(`condition returned ${String(value)}`);
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw lastError;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
