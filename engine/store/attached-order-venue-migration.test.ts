import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dir';
import { openDatabase } from './database';
import { defaultMigrationsDir, migrate } from './migrate';

const FIX = '1765296000000_attached_order_venue.sql';

describe('migration: attached stops and targets take their entry venue', () => {
  let dir: ReturnType<typeof tempDir>;
  let migrations: string;
  beforeEach(() => {
    dir = tempDir();
    migrations = join(dir.path, 'migrations');
    mkdirSync(migrations);
    for (const file of readdirSync(defaultMigrationsDir()).filter((f) => f.endsWith('.sql') && f < FIX)) {
      cpSync(join(defaultMigrationsDir(), file), join(migrations, file));
    }
  });
  afterEach(() => dir.remove());

  it('moves the children of a paper entry to its venue and leaves every other order alone', () => {
    const db = openDatabase({ path: join(dir.path, 'journal.db'), migrationsDir: migrations });
    const order = db.prepare(
      `INSERT INTO orders (client_order_id, venue, symbol, side, type, quantity, time_in_force, reduce_only, status, venue_order_id,
         filled_quantity, price_scale, quantity_scale, created_at, updated_at)
       VALUES (?, ?, 'BTCUSDT', 'buy', 'market', '7', 'GTC', 0, 'open', ?, '0', 1, 3, 1, 1)`,
    );
    const event = db.prepare("INSERT INTO order_events (client_order_id, venue, kind, status, detail, at) VALUES (?, ?, 'status', 'open', '', 1)");
    order.run('e1', 'sim', 'sim-1');
    order.run('e1:sl', 'bybit', 'sim-2');
    order.run('e1:tp', 'bybit', 'sim-3');
    event.run('e1:sl', 'bybit');
    // A live entry and a child already right, and an order whose name only looks like a child's.
    order.run('l1', 'bybit', 'b-1');
    order.run('e2', 'sim', 'sim-4');
    order.run('e2:sl', 'sim', 'sim-5');
    order.run('x:sl', 'bybit', 'b-2');
    event.run('x:sl', 'bybit');

    cpSync(join(defaultMigrationsDir(), FIX), join(migrations, FIX));
    expect(migrate(db, migrations).applied).toEqual([FIX.replace(/\.sql$/, '')]);

    const venues = Object.fromEntries(db.prepare('SELECT client_order_id, venue FROM orders ORDER BY client_order_id').raw().all() as [string, string][]);
    expect(venues).toEqual({ e1: 'sim', 'e1:sl': 'sim', 'e1:tp': 'sim', l1: 'bybit', e2: 'sim', 'e2:sl': 'sim', 'x:sl': 'bybit' });
    expect(db.prepare('SELECT client_order_id, venue FROM order_events ORDER BY client_order_id').raw().all()).toEqual([
      ['e1:sl', 'sim'],
      ['x:sl', 'bybit'],
    ]);
    db.close();
  });
});
