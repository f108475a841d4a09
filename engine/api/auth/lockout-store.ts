import type Database from 'better-sqlite3';

/** One address's recent failures and lockout, as the lockout keeps it. */
export type LockoutEntry = { failures: number[]; lockedUntil: number };

/** Where the lockout writes through, so that an active lockout survives a restart of the engine. */
export type LockoutStore = {
  /** Every entry that has not expired at `now`. */
  load(now: number): Map<string, LockoutEntry>;
  save(address: string, entry: LockoutEntry, expiresAt: number): void;
  forget(address: string): void;
  /** Deletes the entries that have expired at `now`. */
  prune(now: number): void;
};

type Row = { address: string; failures: string; locked_until: number };

/** The lockout's entries in SQLite (`auth_lockout`), written only when an attempt fails or a tracked address succeeds. */
export class SqliteLockoutStore implements LockoutStore {
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly removeExpired: Database.Statement;
  private readonly live: Database.Statement;

  constructor(db: Database.Database) {
    this.upsert = db.prepare(
      `INSERT INTO auth_lockout (address, failures, locked_until, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (address) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, expires_at = excluded.expires_at`,
    );
    this.remove = db.prepare('DELETE FROM auth_lockout WHERE address = ?');
    this.removeExpired = db.prepare('DELETE FROM auth_lockout WHERE expires_at <= ?');
    this.live = db.prepare('SELECT address, failures, locked_until FROM auth_lockout WHERE expires_at > ?');
  }

  load(now: number): Map<string, LockoutEntry> {
    const entries = new Map<string, LockoutEntry>();
    for (const row of this.live.all(now) as Row[]) entries.set(row.address, { failures: parseFailures(row.failures), lockedUntil: row.locked_until });
    return entries;
  }

  save(address: string, entry: LockoutEntry, expiresAt: number): void {
    this.upsert.run(address, JSON.stringify(entry.failures), entry.lockedUntil, expiresAt);
  }

  forget(address: string): void {
    this.remove.run(address);
  }

  prune(now: number): void {
    this.removeExpired.run(now);
  }
}

// A row written by this code always holds an array of numbers; anything else counts as no failures.
function parseFailures(text: string): number[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((at): at is number => typeof at === 'number' && Number.isFinite(at)) : [];
  } catch {
    return [];
  }
}
