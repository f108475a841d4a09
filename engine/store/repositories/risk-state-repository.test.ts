import { describe, expect, it } from 'vitest';
import { TestClock } from '../../core/clock';
import { RiskEngine } from '../../risk/risk-engine';
import { tempDir } from '../../testing/temp-dir';
import { openDatabase } from '../database';
import { RiskStateRepository } from './risk-state-repository';

describe('RiskStateRepository', () => {
  it('a kill switch tripped before a restart is still tripped after it, with its limits and history', () => {
    const dir = tempDir();
    try {
      const path = `${dir.path}/stratus.db`;
      const clock = new TestClock(3_600_000);
      let db = openDatabase({ path });
      const before = new RiskEngine({ clock, store: new RiskStateRepository(db), limits: { maxOrderNotional: Number.POSITIVE_INFINITY, reduceOnlyDrawdown: 0.1, haltDrawdown: 0.2 } });
      before.onEquity(10_000);
      before.onEquity(8_900);
      clock.advanceBy(1_000);
      before.onEquity(7_900);
      db.close();

      db = openDatabase({ path });
      const repo = new RiskStateRepository(db);
      const after = new RiskEngine({ clock, store: repo });
      expect(after.state()).toBe('HALTED');
      expect(after.limits()).toMatchObject({ maxOrderNotional: Number.POSITIVE_INFINITY, haltDrawdown: 0.2 });
      expect(after.usage()).toMatchObject({ peakEquity: 10_000 });
      expect(repo.recentChanges().map((c) => [c.previous, c.state, c.trip])).toEqual([
        ['REDUCE_ONLY', 'HALTED', 'drawdown'],
        ['ACTIVE', 'REDUCE_ONLY', 'drawdown'],
      ]);
      after.resume();
      expect(new RiskEngine({ clock, store: repo }).state()).toBe('ACTIVE');
      db.close();
    } finally {
      dir.remove();
    }
  });

  it('an empty store starts ACTIVE with default limits; unknown equity is stored as NULL', () => {
    const db = openDatabase({ path: ':memory:' });
    const repo = new RiskStateRepository(db);
    expect(repo.load()).toBeUndefined();
    const risk = new RiskEngine({ clock: new TestClock(0), store: repo });
    risk.kill('test');
    expect(repo.load()).toMatchObject({ state: 'HALTED', reason: 'test', trip: 'manual', peakEquity: Number.NaN });
    db.close();
  });

  it('refuses a corrupt limits row with a clear error', () => {
    const db = openDatabase({ path: ':memory:' });
    db.prepare("INSERT INTO risk_state (id, state, limits, updated_at) VALUES (1, 'ACTIVE', '{oops', 0)").run();
    expect(() => new RiskStateRepository(db).load()).toThrow(/not valid JSON/);
    db.close();
  });
});
