import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../store/database';
import { tempDir } from '../../testing/temp-dir';
import { Lockout } from './lockout';
import { SqliteLockoutStore } from './lockout-store';

describe('Lockout', () => {
  const policy = { maxFailures: 3, windowMs: 10_000, lockoutMs: 60_000 };

  it('locks an address out at the third failure within the window, for the lockout time, and no other address', () => {
    let now = 0;
    const lockout = new Lockout(policy, () => now);
    expect(lockout.fail('10.0.0.1')).toBe(false);
    now = 1_000;
    expect(lockout.fail('10.0.0.1')).toBe(false);
    expect(lockout.lockedFor('10.0.0.1')).toBe(0);
    now = 2_000;
    expect(lockout.fail('10.0.0.1')).toBe(true);
    expect(lockout.lockedFor('10.0.0.1')).toBe(60_000);
    expect(lockout.lockedFor('10.0.0.2')).toBe(0);
    // A success while locked out changes nothing; the lockout ends by itself.
    lockout.succeed('10.0.0.1');
    now = 61_999;
    expect(lockout.lockedFor('10.0.0.1')).toBe(1);
    now = 62_000;
    expect(lockout.lockedFor('10.0.0.1')).toBe(0);
  });

  it('forgets failures older than the window, and all of them after a success', () => {
    let now = 0;
    const lockout = new Lockout(policy, () => now);
    lockout.fail('a');
    lockout.fail('a');
    now = 10_001;
    expect(lockout.fail('a')).toBe(false);
    lockout.fail('a');
    lockout.succeed('a');
    expect(lockout.fail('a')).toBe(false);
    expect(lockout.fail('a')).toBe(false);
    expect(lockout.fail('a')).toBe(true);
  });
});

describe('Lockout kept in SQLite', () => {
  const policy = { maxFailures: 3, windowMs: 10_000, lockoutMs: 60_000 };
  let dir: ReturnType<typeof tempDir>;
  let db: Db;
  /** The database file as a restarted engine opens it. */
  const reopen = (): Db => {
    db.close();
    db = openDatabase({ path: join(dir.path, 'stratus.db') });
    return db;
  };
  const rows = () => db.prepare('SELECT address, failures, locked_until, expires_at FROM auth_lockout ORDER BY address').all();

  beforeEach(() => {
    dir = tempDir();
    db = openDatabase({ path: join(dir.path, 'stratus.db') });
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('a restart keeps an active lockout and the failures still inside the window', () => {
    let now = 1_000_000;
    const before = new Lockout(policy, () => now, new SqliteLockoutStore(db));
    before.fail('10.0.0.1');
    before.fail('10.0.0.1');
    expect(before.fail('10.0.0.1')).toBe(true);
    now += 1_000;
    before.fail('10.0.0.2');
    now += 1_000;

    const after = new Lockout(policy, () => now, new SqliteLockoutStore(reopen()));
    expect(after.lockedFor('10.0.0.1')).toBe(58_000);
    // A success while locked out still changes nothing, in memory or on disk.
    after.succeed('10.0.0.1');
    expect(after.lockedFor('10.0.0.1')).toBe(58_000);
    // 10.0.0.2's earlier failure still counts: two more lock it out.
    expect(after.fail('10.0.0.2')).toBe(false);
    expect(after.fail('10.0.0.2')).toBe(true);
    expect(rows()).toMatchObject([
      { address: '10.0.0.1', locked_until: 1_060_000 },
      { address: '10.0.0.2', locked_until: now + 60_000, failures: '[]' },
    ]);
  });

  it('prunes entries as they expire and forgets an address after a success', () => {
    let now = 0;
    const lockout = new Lockout(policy, () => now, new SqliteLockoutStore(db));
    lockout.fail('a');
    lockout.fail('b');
    lockout.fail('b');
    lockout.fail('b');
    expect(rows()).toMatchObject([
      { address: 'a', failures: '[0]', locked_until: 0, expires_at: 10_000 },
      { address: 'b', failures: '[]', locked_until: 60_000, expires_at: 60_000 },
    ]);
    lockout.succeed('a');
    expect(rows()).toMatchObject([{ address: 'b' }]);
    // The next failure anywhere sweeps out what has expired by then.
    now = 60_000;
    lockout.fail('c');
    expect(rows()).toMatchObject([{ address: 'c', failures: '[60000]', expires_at: 70_000 }]);
    // Opening after everything expired starts clean and deletes the leftovers.
    now = 70_000;
    const restarted = new Lockout(policy, () => now, new SqliteLockoutStore(reopen()));
    expect(rows()).toEqual([]);
    expect(restarted.lockedFor('b')).toBe(0);
    expect(restarted.fail('c')).toBe(false);
  });

  it('a success by an address with no failures writes nothing', () => {
    const lockout = new Lockout(policy, () => 0, new SqliteLockoutStore(db));
    const changes = db.prepare('SELECT total_changes() AS n').pluck();
    const before = changes.get();
    lockout.succeed('10.0.0.9');
    expect(lockout.lockedFor('10.0.0.9')).toBe(0);
    expect(changes.get()).toBe(before);
  });

  it('reads a damaged failures column as no failures instead of failing to start', () => {
    db.prepare("INSERT INTO auth_lockout (address, failures, locked_until, expires_at) VALUES ('x', 'not json', 0, 99), ('y', '[1, \"2\", null]', 50, 99)").run();
    const lockout = new Lockout(policy, () => 10, new SqliteLockoutStore(db));
    expect(lockout.lockedFor('y')).toBe(40);
    expect(lockout.fail('x')).toBe(false);
    expect(rows()).toMatchObject([{ address: 'x', failures: '[10]' }, { address: 'y' }]);
  });
});
