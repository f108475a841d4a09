import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine } from '../kernel/create-engine';
import { bundleWorker } from '../testing/bundle-worker';
import { eventually } from '../testing/eventually';
import { tempDir } from '../testing/temp-dir';

/** A `stratus` process of the CLI bundled from source, with what it printed so far. */
type Stratus = {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
};

const STARTUP_MS = 30_000;

describe('one engine per profile, across processes', () => {
  let cli: string;
  let dir: ReturnType<typeof tempDir>;
  let db: string;
  const started: Stratus[] = [];

  beforeAll(async () => {
    cli = await bundleWorker('engine/cli/main.ts', 'stratus-cli');
  }, 60_000);
  beforeEach(() => {
    dir = tempDir('stratus-lock-process-');
    db = join(dir.path, 'stratus.db');
  });
  afterEach(async () => {
    for (const p of started.splice(0)) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await p.exited;
    }
    dir.remove();
  });

  function stratus(...args: string[]): Stratus {
    const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STRATUS_TOKEN: 'profile-lock-test-token' } });
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const p = { child, output: () => text, exited };
    started.push(p);
    return p;
  }

  async function serve(): Promise<Stratus> {
    const p = stratus('serve', '--db', db, '--port', '0', '--pair-role', 'none');
    await eventually(() => /^API ws:/m.test(p.output()) || p.child.exitCode !== null, { timeoutMs: STARTUP_MS });
    if (p.child.exitCode !== null) throw new Error(`stratus serve exited: ${p.output()}`);
    return p;
  }

  const inUseBy = (pid: number | undefined): RegExp =>
    new RegExp(`stratus: this profile \\(${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) is in use by stratus serve \\(pid ${pid}, since \\d\\d:\\d\\d UTC\\); stop it first or use another --db`);

  it('refuses a second stratus serve on the profile, naming the first; once the first stopped, a new engine starts', async () => {
    const first = await serve();
    const second = stratus('serve', '--db', db, '--port', '0', '--pair-role', 'none');
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(inUseBy(first.child.pid));
    // The refused one left the lock alone: the first still holds it.
    expect(existsSync(`${db}.lock`)).toBe(true);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(`${db}.lock`)).toBe(false);
    const engine = createEngine({ databasePath: db, host: 'desktop', strategiesDir: null, resumeWatchlist: false, log: () => undefined });
    await engine.kernel.start();
    await engine.kernel.stop();
    expect(existsSync(`${db}.lock`)).toBe(false);
  }, 90_000);

  it('refuses `stratus paper reset` while a serve runs on the database, and resets once it stopped', async () => {
    const running = await serve();
    const refused = stratus('paper', 'reset', '--db', db);
    expect(await refused.exited).toBe(1);
    expect(refused.output()).toMatch(inUseBy(running.child.pid));
    expect(refused.output()).not.toMatch(/paper account reset/);

    running.child.kill('SIGINT');
    expect(await running.exited).toBe(0);
    const reset = stratus('paper', 'reset', '--db', db, '--balance', '2500');
    expect(await reset.exited).toBe(0);
    expect(reset.output()).toMatch(/^paper account reset to 2500\.00 USDT/m);
  }, 90_000);

  it('takes over the lock of a serve that was killed, and says so', async () => {
    const killed = await serve();
    killed.child.kill('SIGKILL');
    await killed.exited;
    // Killed outright, it could not remove its lock.
    expect(existsSync(`${db}.lock`)).toBe(true);

    const next = await serve();
    expect(next.output()).toMatch(new RegExp(`took over the lock on profile .*stratus\\.db left by stratus serve \\(pid ${killed.child.pid}, since .*\\), which is no longer running`));
  }, 90_000);
});
