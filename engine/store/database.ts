import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { defaultMigrationsDir, migrate } from './migrate';

export type Db = Database.Database;

export type DatabaseConfig = {
  /** Path of the profile's database file; `:memory:` for throwaway use. */
  readonly path: string;
  /** The better-sqlite3 addon to load, for hosts (Electron) whose ABI differs from Node's. */
  readonly nativeBinding?: string;
  readonly migrationsDir?: string;
  readonly readonly?: boolean;
};

/** Opens a profile database in WAL mode and brings its schema up to date. */
export function openDatabase(config: DatabaseConfig): Db {
  if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
  const options: Database.Options = { readonly: config.readonly ?? false };
  if (config.nativeBinding) options.nativeBinding = config.nativeBinding;
  const db = new Database(config.path, options);
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!config.readonly) migrate(db, config.migrationsDir ?? defaultMigrationsDir());
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
