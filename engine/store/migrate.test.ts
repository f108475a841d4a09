import { cpSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../core/errors';
import { tempDir } from '../testing/temp-dir';
import { openDatabase } from './database';
import { defaultMigrationsDir, migrate } from './migrate';

describe('migration runner', () => {
  let dir: ReturnType<typeof tempDir>;
  let migrations: string;
  beforeEach(() => {
    dir = tempDir();
    migrations = join(dir.path, 'migrations');
    // Only the first migration: the counts below must not change as features add their own.
    mkdirSync(migrations);
    cpSync(join(defaultMigrationsDir(), '1763740800000_initial.sql'), join(migrations, '1763740800000_initial.sql'));
  });
  afterEach(() => dir.remove());

  const add = (file: string, sql: string): void => writeFileSync(join(migrations, file), sql);

  it('creates the schema on a fresh database in WAL mode', () => {
    const db = openDatabase({ path: join(dir.path, 'fresh.db'), migrationsDir: migrations });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['__migrations__', 'candle_series', 'candles', 'instruments', 'settings']));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('is idempotent: a second run applies nothing and keeps the data', () => {
    const path = join(dir.path, 'again.db');
    const db = openDatabase({ path, migrationsDir: migrations });
    db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 0)").run();
    expect(migrate(db, migrations)).toEqual({ applied: [], alreadyApplied: 1 });
    db.close();
    const reopened = openDatabase({ path, migrationsDir: migrations });
    expect(reopened.prepare('SELECT value FROM settings').pluck().get()).toBe('1');
    reopened.close();
  });

  it('applies only new migrations, each recorded', () => {
    const db = new Database(join(dir.path, 'grow.db'));
    migrate(db, migrations);
    add('1900000000000_add-notes.sql', 'CREATE TABLE notes (id INTEGER PRIMARY KEY);');
    expect(migrate(db, migrations).applied).toEqual(['1900000000000_add-notes']);
    expect(db.prepare('SELECT COUNT(*) FROM __migrations__').pluck().get()).toBe(2);
    db.close();
  });

  it('rolls back a failing migration entirely and names it', () => {
    const db = new Database(join(dir.path, 'bad.db'));
    migrate(db, migrations);
    add('1900000000000_broken.sql', 'CREATE TABLE half (id INTEGER); INSERT INTO nowhere VALUES (1);');
    expect(() => migrate(db, migrations)).toThrow(/migration 1900000000000_broken failed: no such table: nowhere/);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM __migrations__').pluck().get()).toBe(1);
    db.close();
  });

  it('fails clearly when an applied migration file is missing', () => {
    const db = new Database(join(dir.path, 'missing.db'));
    add('1900000000000_extra.sql', 'CREATE TABLE extra (id INTEGER);');
    migrate(db, migrations);
    renameSync(join(migrations, '1900000000000_extra.sql'), join(dir.path, 'moved.sql'));
    expect(() => migrate(db, migrations)).toThrow(/has migration 1900000000000_extra applied but no such file exists/);
    db.close();
  });

  it('fails clearly when a migration is inserted before one already applied', () => {
    const db = new Database(join(dir.path, 'order.db'));
    add('1900000000000_second.sql', 'CREATE TABLE second (id INTEGER);');
    migrate(db, migrations);
    add('1800000000000_sneaked-in.sql', 'CREATE TABLE sneaky (id INTEGER);');
    expect(() => migrate(db, migrations)).toThrow(
      /does not match the files at position 2: database has 1900000000000_second, files have 1800000000000_sneaked-in/,
    );
    db.close();
  });

  it('fails clearly when an applied migration was edited', () => {
    const db = new Database(join(dir.path, 'edited.db'));
    add('1900000000000_table.sql', 'CREATE TABLE t (id INTEGER);');
    migrate(db, migrations);
    add('1900000000000_table.sql', 'CREATE TABLE t (id INTEGER, sneaky TEXT);');
    expect(() => migrate(db, migrations)).toThrow(StoreError);
    expect(() => migrate(db, migrations)).toThrow(/was edited after it was applied/);
    db.close();
  });

  it('refuses badly named migration files', () => {
    const db = new Database(':memory:');
    add('add_things.sql', 'SELECT 1;');
    expect(() => migrate(db, migrations)).toThrow(/is not named <13-digit ms timestamp>_<name>.sql/);
    db.close();
  });
});
