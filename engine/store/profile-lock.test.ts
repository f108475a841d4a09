import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dir';
import { describeHolder, lockProfile, profileHolder, ProfileInUseError, PROFILE_LOCK_STALE_MS, type ProfileLock } from './profile-lock';

/** The pid of a process that has run and exited: nothing runs under it now (pids are not reused this fast). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the profile lock', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: string;
  const held: ProfileLock[] = [];
  const logged: string[] = [];
  const log = (message: string): void => void logged.push(message);
  const take = (kind: string): ProfileLock => {
    const lock = lockProfile(db, kind, { log });
    held.push(lock);
    return lock;
  };
  beforeEach(() => {
    dir = tempDir('stratus-lock-');
    db = join(dir.path, 'stratus.db');
    logged.length = 0;
  });
  afterEach(() => {
    for (const lock of held.splice(0)) lock.release();
    dir.remove();
  });

  it('refuses a second holder and names the first: kind, pid and since when', () => {
    const lock = take('stratus serve');
    expect(lock.path).toBe(`${db}.lock`);
    expect(profileHolder(db)).toMatchObject({ pid: process.pid, hostname: hostname(), kind: 'stratus serve' });
    let refused: unknown;
    try {
      take('stratus paper reset');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ProfileInUseError);
    expect((refused as Error).message).toMatch(new RegExp(`^this profile \\(.*stratus\\.db\\) is in use by stratus serve \\(pid ${process.pid}, since \\d\\d:\\d\\d UTC\\); stop it first or use another --db$`));
    expect(logged).toEqual([]);
  });

  it('is free again once released, and a second release does nothing', () => {
    const first = take('stratus serve');
    first.release();
    first.release();
    expect(existsSync(`${db}.lock`)).toBe(false);
    expect(profileHolder(db)).toBeNull();
    expect(take('the Stratus desktop app').path).toBe(`${db}.lock`);
    expect(profileHolder(db)?.kind).toBe('the Stratus desktop app');
  });

  it('takes over at once a lock whose holder no longer runs on this machine, and says so', () => {
    const pid = deadPid();
    mkdirSync(`${db}.lock`);
    writeFileSync(`${db}.lock-holder.json`, JSON.stringify({ pid, hostname: hostname(), kind: 'stratus serve', startedAt: Date.now() }));
    take('the Stratus desktop app');
    expect(profileHolder(db)).toMatchObject({ pid: process.pid, kind: 'the Stratus desktop app' });
    expect(logged).toEqual([expect.stringMatching(new RegExp(`^took over the lock on profile .*stratus\\.db left by stratus serve \\(pid ${pid}, since .*\\), which is no longer running$`))]);
  });

  it('does not trust a holder file older than the lock: a new holder that has not written its own yet keeps the profile', () => {
    writeFileSync(`${db}.lock-holder.json`, JSON.stringify({ pid: deadPid(), hostname: hostname(), kind: 'stratus serve', startedAt: Date.now() - 60_000 }));
    const before = (Date.now() - 60_000) / 1000;
    utimesSync(`${db}.lock-holder.json`, before, before);
    mkdirSync(`${db}.lock`);
    expect(() => take('the Stratus desktop app')).toThrow(/is in use by another Stratus process; stop it first/);
    expect(existsSync(`${db}.lock`)).toBe(true);
    expect(logged).toEqual([]);
  });

  it('waits out a fresh lock held from another machine, and takes it over once it went stale', () => {
    const other = { pid: 4242, hostname: `${hostname()}-other`, kind: 'stratus serve', startedAt: Date.UTC(2026, 0, 2, 10, 42) };
    mkdirSync(`${db}.lock`);
    writeFileSync(`${db}.lock-holder.json`, JSON.stringify(other));
    expect(() => take('stratus regime fit')).toThrow(`is in use by stratus serve (pid 4242 on ${other.hostname}, since 2026-01-02 10:42 UTC)`);
    // Its holder stopped refreshing it: the machine went away.
    const old = (Date.now() - PROFILE_LOCK_STALE_MS - 5_000) / 1000;
    utimesSync(`${db}.lock`, old, old);
    take('stratus regime fit');
    expect(logged).toEqual([expect.stringContaining('took over the stale lock on profile')]);
    expect(profileHolder(db)?.kind).toBe('stratus regime fit');
  });

  it('names no one when the holder file is missing or unreadable, and still refuses', () => {
    mkdirSync(`${db}.lock`);
    writeFileSync(`${db}.lock-holder.json`, '{"pid": 12');
    expect(() => take('stratus data import')).toThrow(/is in use by another Stratus process; stop it first/);
  });

  it('has nothing to lock for an in-memory database', () => {
    const memory = lockProfile(':memory:', 'stratus serve');
    expect(memory.path).toBeNull();
    expect(lockProfile(':memory:', 'stratus serve').path).toBeNull();
  });

  it('describes a holder started today by its time, another day by its date too', () => {
    const holder = { pid: 7, hostname: hostname(), kind: 'stratus serve', startedAt: Date.UTC(2026, 10, 22, 10, 42, 30) };
    expect(describeHolder(holder, Date.UTC(2026, 10, 22, 18))).toBe('stratus serve (pid 7, since 10:42 UTC)');
    expect(describeHolder(holder, Date.UTC(2026, 10, 23, 1))).toBe('stratus serve (pid 7, since 2026-11-22 10:42 UTC)');
  });
});
