import { randomInt } from 'node:crypto';
import type Database from 'better-sqlite3';
import { secretDigestHex } from '../transport/constant-time';
import { isRole, type Role } from './roles';

/** Letters and digits that cannot be misread for one another (no 0/O, 1/I/L, U). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const CODE_PATTERN = /^[A-Z0-9]{4}-?[A-Z0-9]{4}$/;

export type IssuedCode = { readonly code: string; readonly role: Role; readonly expiresAt: number };

/** What a spent code grants: the device's role and, when the code said so, how long its token lives. */
export type CodeGrant = { readonly role: Role; readonly deviceTtlSeconds: number | null };

/**
 * One-time pairing codes, kept in SQLite as digests so that `stratus pair` run beside a running
 * `stratus serve` issues codes the server accepts. A code is about 39 bits: enough for minutes of life
 * behind a per-address lockout, short enough to type.
 */
export class PairingCodes {
  constructor(private readonly db: Database.Database) {}

  issue(role: Role, ttlSeconds: number, now: number, deviceTtlSeconds: number | null = null): IssuedCode {
    let raw = '';
    for (let i = 0; i < 8; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
    const code = `${raw.slice(0, 4)}-${raw.slice(4)}`;
    const expiresAt = now + ttlSeconds * 1000;
    this.db
      .prepare('INSERT INTO auth_pairing_codes (code_digest, role, created_at, expires_at, device_ttl_seconds) VALUES (?, ?, ?, ?, ?)')
      .run(secretDigestHex(normalize(code)), role, now, expiresAt, deviceTtlSeconds);
    // Spent and expired codes are of no further use; keep the table small.
    this.db.prepare('DELETE FROM auth_pairing_codes WHERE expires_at < ?').run(now - 24 * 3_600_000);
    return { code, role, expiresAt };
  }

  /**
   * Spends a code: returns its role when it exists, is unused and unexpired, and marks it used in the
   * same statement so two concurrent redemptions cannot both succeed. `claim` runs in the same
   * transaction (it registers the device), so a failure leaves the code unspent.
   */
  redeem<T>(code: string, now: number, claim: (grant: CodeGrant) => { readonly deviceId: string; readonly value: T }): T | null {
    const cleaned = normalize(code);
    if (!CODE_PATTERN.test(cleaned)) return null;
    const digest = secretDigestHex(cleaned);
    return this.db.transaction((): T | null => {
      const row = this.db
        .prepare('UPDATE auth_pairing_codes SET used_at = ? WHERE code_digest = ? AND used_at IS NULL AND expires_at > ? RETURNING role, device_ttl_seconds')
        .get(now, digest, now) as { role: string; device_ttl_seconds: number | null } | undefined;
      if (!row || !isRole(row.role)) return null;
      const claimed = claim({ role: row.role, deviceTtlSeconds: row.device_ttl_seconds });
      this.db.prepare('UPDATE auth_pairing_codes SET device_id = ? WHERE code_digest = ?').run(claimed.deviceId, digest);
      return claimed.value;
    })();
  }
}

/** Codes are typed by hand: case and the dash do not matter. */
function normalize(code: string): string {
  const compact = code.trim().toUpperCase().replace(/[\s-]/g, '');
  return compact.length === 8 ? `${compact.slice(0, 4)}-${compact.slice(4)}` : compact;
}
