import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { EngineError } from '../core/errors';

/** Who holds a profile, written beside the lock so a refused process can say what to stop. */
export type ProfileHolder = {
  readonly pid: number;
  readonly hostname: string;
  /** What the trader would recognise: "stratus serve", "the Stratus desktop app", "stratus paper reset". */
  readonly kind: string;
  readonly startedAt: number;
};

export type ProfileLock = {
  /** The lock folder beside the database; null for an in-memory database, which nothing else can open. */
  readonly path: string | null;
  /** Idempotent: the second call does nothing. */
  release(): void;
};

/** Another process (or engine) has this profile open. */
export class ProfileInUseError extends EngineError {
  readonly holder: ProfileHolder | null;

  constructor(message: string, holder: ProfileHolder | null) {
    super(message, 'operational');
    this.holder = holder;
  }
}

/**
 * A holder refreshes the lock's mtime every half of this; a lock not refreshed for this long belongs
 * to a process that died (or a machine that went away) and is taken over.
 */
export const PROFILE_LOCK_STALE_MS = 10_000;

export type LockProfileOptions = {
  readonly log?: (message: string, error?: unknown) => void;
  /** What the refused process can do, ending its message; "stop it first or use another --db" unless given. */
  readonly advice?: string;
};

/**
 * Takes the profile of `databasePath` for this process: one engine or writing command per profile,
 * so two never trade from one order journal or undo each other's paper account. The lock is a folder
 * beside the database (proper-lockfile: atomic mkdir, kept fresh by its mtime, removed at exit), and
 * the holder's pid, host, kind and start time sit in a file next to it. A lock whose holder is gone
 * (its pid no longer runs on this host, or its mtime went stale) is taken over with a log line.
 */
export function lockProfile(databasePath: string, kind: string, options: LockProfileOptions = {}): ProfileLock {
  if (databasePath === ':memory:' || databasePath === '') return { path: null, release: () => undefined };
  const log = options.log ?? ((message, error) => console.error(message, error ?? ''));
  const database = resolve(databasePath);
  const paths = lockPaths(database);
  const lockOptions = {
    realpath: false,
    lockfilePath: paths.lock,
    stale: PROFILE_LOCK_STALE_MS,
    // A lock whose folder vanished or could not be refreshed: said loudly, but the engine keeps its state.
    onCompromised: (error: Error) => log(`the lock on profile ${database} was lost; another process may open it now`, error),
  };
  const release = acquire(database, paths, lockOptions, log, options.advice ?? 'stop it first or use another --db');
  const holder: ProfileHolder = { pid: process.pid, hostname: hostname(), kind, startedAt: Date.now() };
  writeFileSync(paths.holder, `${JSON.stringify(holder)}\n`);
  let released = false;
  return {
    path: paths.lock,
    release: () => {
      if (released) return;
      released = true;
      rmSync(paths.holder, { force: true });
      try {
        release();
      } catch (error) {
        // Already gone (a compromised lock): nothing is left to release.
        if ((error as NodeJS.ErrnoException).code !== 'ERELEASED') log(`releasing the lock on profile ${database} failed`, error);
      }
    },
  };
}

/** Who holds the profile of `databasePath` now, if anyone is known to. */
export function profileHolder(databasePath: string): ProfileHolder | null {
  return readHolder(lockPaths(resolve(databasePath)).holder);
}

type LockPaths = { readonly lock: string; readonly holder: string };
type LockOptions = lockfile.LockOptions & { readonly lockfilePath: string };

function lockPaths(database: string): LockPaths {
  return { lock: `${database}.lock`, holder: `${database}.lock-holder.json` };
}

function acquire(database: string, paths: LockPaths, lockOptions: LockOptions, log: (message: string) => void, advice: string): () => void {
  const previous = readHolder(paths.holder);
  const staleBefore = lockfile.checkSync(database, lockOptions) === false && existsSync(paths.lock);
  try {
    const release = lockfile.lockSync(database, lockOptions);
    if (staleBefore) log(`took over the stale lock on profile ${database}${previous ? ` left by ${describeHolder(previous)}` : ''}`);
    return release;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
  }
  const holder = currentHolder(paths);
  // Fresh but left by a process that no longer runs here (killed, crashed): no need to wait for it to go stale.
  if (holder && holder.hostname === hostname() && holder.pid !== process.pid && !isRunning(holder.pid)) {
    rmSync(paths.lock, { recursive: true, force: true });
    const release = lockfile.lockSync(database, lockOptions);
    log(`took over the lock on profile ${database} left by ${describeHolder(holder)}, which is no longer running`);
    return release;
  }
  const by = holder ? describeHolder(holder) : 'another Stratus process';
  throw new ProfileInUseError(`this profile (${database}) is in use by ${by}; ${advice}`, holder);
}

/**
 * The holder of the lock as it is now. A holder file older than the lock folder was left by an earlier
 * holder (one that exited without its clean release) while the new one has not written its own yet: it
 * names no one, so its dead pid cannot get a live lock taken over.
 */
function currentHolder(paths: LockPaths): ProfileHolder | null {
  try {
    const lockBorn = statSync(paths.lock).birthtimeMs;
    if (lockBorn > 0 && statSync(paths.holder).mtimeMs < lockBorn) return null;
  } catch {
    return null;
  }
  return readHolder(paths.holder);
}

function readHolder(path: string): ProfileHolder | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const value = JSON.parse(text) as Partial<ProfileHolder>;
    if (typeof value.pid !== 'number' || typeof value.hostname !== 'string' || typeof value.kind !== 'string' || typeof value.startedAt !== 'number') return null;
    return { pid: value.pid, hostname: value.hostname, kind: value.kind, startedAt: value.startedAt };
  } catch {
    // Half-written by a holder that died while writing it: nothing to name.
    return null;
  }
}

/** `stratus serve (pid 1234, since 10:42 UTC)`; the host is named when it is another machine. */
export function describeHolder(holder: ProfileHolder, now = Date.now()): string {
  const started = new Date(holder.startedAt).toISOString();
  const sameDay = started.slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  const since = `${sameDay ? '' : `${started.slice(0, 10)} `}${started.slice(11, 16)} UTC`;
  const where = holder.hostname === hostname() ? '' : ` on ${holder.hostname}`;
  return `${holder.kind} (pid ${holder.pid}${where}, since ${since})`;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
