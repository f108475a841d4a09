import type Database from 'better-sqlite3';
import { StoreError } from '../../core/errors';

/** Engine settings as JSON values under string keys. Secrets never go here (see the SecretStore). */
export class SettingsRepository {
  constructor(private readonly db: Database.Database) {}

  get<T>(key: string): T | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    if (!row) return undefined;
    try {
      return JSON.parse(row.value) as T;
    } catch (error) {
      throw new StoreError(`setting "${key}" holds invalid JSON`, { cause: error });
    }
  }

  set(key: string, value: unknown, now: number = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), now);
  }

  /** Every setting whose key starts with `prefix`, by key. */
  entries<T>(prefix: string): [string, T][] {
    const rows = this.db.prepare("SELECT key FROM settings WHERE substr(key, 1, length(?)) = ? ORDER BY key").all(prefix, prefix) as { key: string }[];
    return rows.map((row) => [row.key, this.get<T>(row.key) as T]);
  }

  delete(key: string): void {
    this.db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }
}
