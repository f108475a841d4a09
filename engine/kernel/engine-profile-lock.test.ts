import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileInUseError } from '../store/profile-lock';
import { tempDir } from '../testing/temp-dir';
import { createEngine, type Engine } from './create-engine';

describe('an engine holds its profile', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: string;
  const engines: Engine[] = [];
  const open = (host: 'desktop' | 'serve' | 'cli'): Engine => {
    const engine = createEngine({ databasePath: db, host, strategiesDir: null, resumeWatchlist: false, log: () => undefined });
    engines.push(engine);
    return engine;
  };
  beforeEach(() => {
    dir = tempDir('stratus-engine-lock-');
    db = join(dir.path, 'stratus.db');
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.kernel.stop();
    dir.remove();
  });

  it('refuses the desktop app on a profile stratus serve holds, telling its trader what to do, and opens nothing', async () => {
    const serve = open('serve');
    await serve.kernel.start();
    let refused: unknown;
    try {
      open('desktop');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ProfileInUseError);
    expect((refused as Error).message).toMatch(new RegExp(`is in use by stratus serve \\(pid ${process.pid}, since \\d\\d:\\d\\d UTC\\); stop it first, then quit and reopen Stratus$`));
    expect(engines).toHaveLength(1);
  });

  it('names a command-line engine by its command, and tells a refused serve to use another --db', async () => {
    const download = createEngine({ databasePath: db, host: 'cli', holder: 'stratus data download', strategiesDir: null, resumeWatchlist: false, log: () => undefined });
    engines.push(download);
    await download.kernel.start();
    expect(() => open('serve')).toThrow(/is in use by stratus data download \(pid \d+, since \d\d:\d\d UTC\); stop it first or use another --db$/);
  });

  it('gives the profile back when it stops, or when it fails to start', async () => {
    const first = open('cli');
    await first.kernel.start();
    await first.kernel.stop();
    expect(existsSync(`${db}.lock`)).toBe(false);

    const second = open('desktop');
    second.kernel.add({ name: 'broken', start: () => Promise.reject(new Error('no disk')) });
    await expect(second.kernel.start()).rejects.toThrow(/no disk/);
    expect(existsSync(`${db}.lock`)).toBe(false);
    await open('serve').kernel.start();
    expect(existsSync(`${db}.lock`)).toBe(true);
  });
});
