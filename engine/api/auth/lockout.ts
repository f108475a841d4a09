export type LockoutPolicy = {
  /** Failed attempts an address may make within `windowMs` before it is locked out. */
  readonly maxFailures: number;
  readonly windowMs: number;
  /** How long a locked-out address is refused without its credentials even being looked at. */
  readonly lockoutMs: number;
};

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMs: 5 * 60_000, lockoutMs: 15 * 60_000 };

type Entry = { failures: number[]; lockedUntil: number };

/** Addresses tracked at most; past it the oldest are forgotten (an attacker cycling addresses gains nothing from the lockout anyway). */
const MAX_TRACKED = 10_000;

/**
 * Failed-attempt rate limiting per remote address, shared by POST /pair and the WebSocket hello:
 * guessing codes or tokens from one address stops after a few tries, for a while.
 */
export class Lockout {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Milliseconds the address stays locked out, or 0 when it may try. */
  lockedFor(address: string): number {
    const entry = this.entries.get(address);
    if (!entry) return 0;
    return Math.max(0, entry.lockedUntil - this.now());
  }

  /** Counts a failure; returns true when this failure locked the address out. */
  fail(address: string): boolean {
    const now = this.now();
    let entry = this.entries.get(address);
    if (!entry) {
      if (this.entries.size >= MAX_TRACKED) this.entries.delete(this.entries.keys().next().value as string);
      entry = { failures: [], lockedUntil: 0 };
      this.entries.set(address, entry);
    }
    entry.failures = entry.failures.filter((at) => now - at < this.policy.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.policy.maxFailures) {
      entry.lockedUntil = now + this.policy.lockoutMs;
      entry.failures = [];
      return true;
    }
    return false;
  }

  /** A success forgets earlier failures of an address that is not locked out. */
  succeed(address: string): void {
    if (this.lockedFor(address) === 0) this.entries.delete(address);
  }
}
