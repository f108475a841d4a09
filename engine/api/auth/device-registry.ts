import type Database from 'better-sqlite3';
import { NotFoundError } from '../../core/errors';
import { newId, newSecret } from '../../core/ids';
import { secretDigestHex } from '../transport/constant-time';
import type { DeviceView } from './auth-views';
import { isRole, type Role } from './roles';

type DeviceRow = {
  id: string;
  name: string;
  role: string;
  created_at: number;
  last_seen_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
};

/** Last-seen times are written at most this often per device, not on every connection. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * Paired devices and their tokens. A token is 256 random bits shown once; the table holds only its
 * SHA-256, looked up by digest (a digest of a random secret leaks nothing through its comparison).
 */
export class DeviceRegistry {
  private readonly insert: Database.Statement;
  private readonly byDigest: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly touch: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(
      'INSERT INTO auth_devices (id, name, role, token_digest, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.byDigest = db.prepare('SELECT * FROM auth_devices WHERE token_digest = ?');
    this.byId = db.prepare('SELECT * FROM auth_devices WHERE id = ?');
    this.touch = db.prepare('UPDATE auth_devices SET last_seen_at = ? WHERE id = ?');
  }

  /** Registers a device and returns it with its token in clear, the only time the token exists outside the device. */
  create(name: string, role: Role, now: number, expiresAt: number | null = null): { device: DeviceView; token: string } {
    const id = newId(now);
    const token = newSecret();
    this.insert.run(id, name, role, secretDigestHex(token), now, expiresAt);
    return { device: this.get(id), token };
  }

  /** The device a token belongs to when it is neither revoked nor expired; records it as seen. */
  authenticate(token: string, now: number): DeviceView | null {
    const row = this.byDigest.get(secretDigestHex(token)) as DeviceRow | undefined;
    if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return null;
    if (row.last_seen_at === null || now - row.last_seen_at >= LAST_SEEN_RESOLUTION_MS) {
      this.touch.run(now, row.id);
      row.last_seen_at = now;
    }
    return toView(row);
  }

  get(id: string): DeviceView {
    const row = this.byId.get(id) as DeviceRow | undefined;
    if (!row) throw new NotFoundError(`no device "${id}"`);
    return toView(row);
  }

  find(id: string): DeviceView | null {
    const row = this.byId.get(id) as DeviceRow | undefined;
    return row ? toView(row) : null;
  }

  /** Every device, newest first, revoked ones included (they stay listed with their revocation time). */
  list(): DeviceView[] {
    return (this.db.prepare('SELECT * FROM auth_devices ORDER BY created_at DESC, id DESC').all() as DeviceRow[]).map(toView);
  }

  /** Revokes a device; revoking one already revoked keeps the first time. */
  revoke(id: string, now: number): DeviceView {
    this.get(id);
    this.db.prepare('UPDATE auth_devices SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(now, id);
    return this.get(id);
  }
}

function toView(row: DeviceRow): DeviceView {
  const role = row.role;
  if (!isRole(role)) throw new Error(`device ${row.id} has an unknown role "${role}"`);
  return {
    id: row.id,
    name: row.name,
    role,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}
