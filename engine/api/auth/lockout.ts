import type { LockoutEntry, LockoutStore } from './lockout-store';

export type LockoutPolicy = {
  /** Failed attempts an address may make within `windowMs` before it is locked out. */
  readonly maxFailures: number;
  readonly windowMs: number;
  /** How long a locked-out address is refused without its credentials even being looked at. */
  readonly lockoutMs: number;
};

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, windowMs: 5 * 60_000, lockoutMs: 15 * 60_000 };

/** Addresses tracked at most; past it the oldest are forgotten (an attacker cycling addresses gains nothing from the lockout anyway). */
const MAX_TRACKED = 10_000;

/**
 * Failed-attempt rate limiting per remote address, shared by POST /pair and the WebSocket hello:
 * guessing codes or tokens from one address stops after a few tries, for a while.
 *
 * The entries live in memory, so the check on every hello is a map lookup; with a store, each change
 * is also written there (failures are rare, and a success writes only for an address with failures),
 * and the entries still running are read back at start, so a restart keeps an active lockout.
 */
export class Lockout {
  private readonly entries: Map<string, LockoutEntry>;

  constructor(
    private readonly policy: LockoutPolicy = DEFAULT_LOCKOUT,
    private readonly now: () => number = () => Date.now(),
    private readonly store: LockoutStore | null = null,
  ) {
    const start = this.now();
    store?.prune(start);
    this.entries = store?.load(start) ?? new Map();
  }

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
      if (this.entries.size >= MAX_TRACKED) this.evict(now);
      entry = { failures: [], lockedUntil: 0 };
      this.entries.set(address, entry);
    }
    entry.failures = entry.failures.filter((at) => now - at < this.policy.windowMs);
    entry.failures.push(now);
    const locked = entry.failures.length >= this.policy.maxFailures;
    if (locked) {
      entry.lockedUntil = now + this.policy.lockoutMs;
      entry.failures = [];
    }
    if (this.store) {
      this.store.save(address, entry, this.expiresAt(entry));
      this.store.prune(now);
    }
    return locked;
  }

  /** A success forgets earlier failures of an address that is not locked out. */
  succeed(address: string): void {
    if (!this.entries.has(address) || this.lockedFor(address) > 0) return;
    this.entries.delete(address);
    this.store?.forget(address);
  }

  /** When an entry stops mattering: its lockout is over and its last failure left the window. */
  private expiresAt(entry: LockoutEntry): number {
    const last = entry.failures.at(-1);
    return Math.max(entry.lockedUntil, last === undefined ? 0 : last + this.policy.windowMs);
  }

  /** Makes room: expired entries go first; when none has, the oldest tracked address is forgotten. */
  private evict(now: number): void {
    for (const [address, entry] of this.entries) if (this.expiresAt(entry) <= now) this.entries.delete(address);
    if (this.entries.size < MAX_TRACKED) return;
    const oldest = this.entries.keys().next().value as string;
    this.entries.delete(oldest);
    this.store?.forget(oldest);
  }
}
