import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { StoreError } from '../core/errors';
import { findPackagePath } from '../core/package-root';

export type Migration = { readonly id: string; readonly name: string; readonly sql: string };
export type MigrationReport = { readonly applied: string[]; readonly alreadyApplied: number };

const FILE_NAME = /^(\d{13})_([a-z0-9][a-z0-9-_]*)\.sql$/;

/** Reads `<ms-timestamp>_<name>.sql` files in timestamp order; anything else in the folder is an error. */
export function loadMigrations(dir: string): Migration[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const migrations = files.map((file) => {
    const match = FILE_NAME.exec(file);
    if (!match) throw new StoreError(`migration file "${file}" is not named <13-digit ms timestamp>_<name>.sql`);
    return { id: file.replace(/\.sql$/, ''), name: match[2] ?? '', sql: readFileSync(join(dir, file), 'utf8') };
  });
  return migrations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Applies pending migrations, each in its own transaction. The applied list must be a prefix of the
 * files: a missing, renamed, edited or reordered migration stops start-up with a clear message rather
 * than running new SQL on a schema nobody can vouch for.
 */
export function migrate(db: Database.Database, dir: string): MigrationReport {
  const migrations = loadMigrations(dir);
  db.exec(`CREATE TABLE IF NOT EXISTS __migrations__ (
    id TEXT PRIMARY KEY,
    checksum TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const applied = db.prepare('SELECT id, checksum FROM __migrations__ ORDER BY id').all() as {
    id: string;
    checksum: string;
  }[];

  applied.forEach((row, index) => {
    const file = migrations[index];
    if (!file) {
      throw new StoreError(
        `database has migration ${row.id} applied but no such file exists; this database was written by a newer or different version of Stratus`,
      );
    }
    if (file.id !== row.id) {
      throw new StoreError(
        `migration history does not match the files at position ${index + 1}: database has ${row.id}, files have ${file.id}`,
      );
    }
    if (checksum(file.sql) !== row.checksum) {
      throw new StoreError(`migration ${row.id} was edited after it was applied; add a new migration instead`);
    }
  });

  const record = db.prepare('INSERT INTO __migrations__ (id, checksum, applied_at) VALUES (?, ?, ?)');
  const pending = migrations.slice(applied.length);
  for (const migration of pending) {
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, checksum(migration.sql), Date.now());
    });
    try {
      apply();
    } catch (error) {
      throw new StoreError(`migration ${migration.id} failed: ${(error as Error).message}`, { cause: error });
    }
  }
  return { applied: pending.map((m) => m.id), alreadyApplied: applied.length };
}

/** FNV-1a over the text: enough to notice an edited migration, with no crypto dependency in the hot path. */
function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The shipped migrations folder, wherever the engine is running from. */
export function defaultMigrationsDir(): string {
  const dir = findPackagePath(join('engine', 'store', 'migrations'));
  if (dir === null) throw new StoreError('cannot find engine/store/migrations above the running code');
  return dir;
}
