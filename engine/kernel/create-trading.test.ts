import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../store/database';
import { eventually } from '../testing/eventually';
import { tempDir } from '../testing/temp-dir';
import { startWalCheckpoints } from './create-trading';

const dir = tempDir();
afterEach(() => dir.remove());

describe('WAL checkpoints off the order path', () => {
  it('turns automatic checkpoints off while running, checkpoints on its timer, and restores the default at stop', async () => {
    const path = join(dir.path, 'stratus.db');
    const db = openDatabase({ path });
    db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    const stop = startWalCheckpoints(db, 20);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
    // Enough pages that an automatic checkpoint would have run inside one of these commits.
    for (let i = 0; i < 3_000; i++) insert.run('x'.repeat(2_000));
    // Only a checkpoint writes the main file: it grows to hold the rows once the timer has run.
    await eventually(() => expect(statSync(path).size).toBeGreaterThan(3_000 * 2_000));
    stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});
