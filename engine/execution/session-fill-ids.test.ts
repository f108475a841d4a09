import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimExecutionClient } from '../adapters/sim/sim-execution-client';
import { ETH_SPOT } from '../adapters/sim/test-instruments';
import { TestClock } from '../core/clock';
import { openDatabase } from '../store/database';
import { tempDir } from '../testing/temp-dir';
import { ExecutionEngine } from './execution-engine';
import { intent, usd } from './execution-test-kit';
import { withSessionFillIds } from './session-fill-ids';
import { SqliteJournal } from './sqlite-journal';

const dir = tempDir();
afterEach(() => dir.remove());

describe('paper fills across restarts', () => {
  it('a new paper session numbers fills from 1 again, and the journal still keeps every one', async () => {
    const db = openDatabase({ path: join(dir.path, 'stratus.db') });
    const journal = new SqliteJournal(db);
    const clock = new TestClock(1_700_000_000_000);
    for (const [session, key] of [
      ['s1', 'first'],
      ['s2', 'second'],
    ] as const) {
      const paper = new SimExecutionClient({ instruments: [ETH_SPOT], clock, initialCash: usd('10000') });
      const trade = (price: number) => paper.onTrade('ETHUSDT', { id: `${session}-${price}`, time: clock.now(), price, amount: 1, side: 'sell' });
      trade(2000);
      const engine = new ExecutionEngine({ client: withSessionFillIds(paper, session), journal, clock, sleep: () => Promise.resolve() });
      await engine.start();
      const order = await engine.submit(intent(key));
      clock.advanceBy(1_000);
      trade(2001);
      expect(journal.order(order.clientOrderId)?.status).toBe('filled');
      engine.stop();
    }
    const fills = journal.fills({ venue: 'sim', limit: 10 });
    expect(fills.map((f) => f.id).sort()).toEqual(['s1-sim-fill-1', 's2-sim-fill-1']);
    db.close();
  });
});
