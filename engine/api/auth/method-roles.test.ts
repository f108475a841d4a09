import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../kernel/create-engine';
import { tempDir } from '../../testing/temp-dir';
import { allowedMethods, METHOD_ROLES, requiredRole } from './method-roles';
import { ROLES, roleAllows } from './roles';

describe('METHOD_ROLES', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  beforeAll(() => {
    dir = tempDir();
    engine = createEngine({ databasePath: join(dir.path, 'stratus.db'), host: 'cli', resumeWatchlist: false, log: () => undefined });
  });
  afterAll(() => {
    engine.db.close();
    dir.remove();
  });

  it('gives every registered API method a role', () => {
    const missing = engine.api.methods.filter((method) => requiredRole(method) === null);
    expect(missing, `add these methods to engine/api/auth/method-roles.ts: ${missing.join(', ')}`).toEqual([]);
  });

  it('names no method the engine does not register', () => {
    const registered = new Set(engine.api.methods);
    expect(Object.keys(METHOD_ROLES).filter((method) => !registered.has(method))).toEqual([]);
  });

  it('is kept sorted, one line per method', () => {
    const names = Object.keys(METHOD_ROLES);
    expect(names).toEqual([...names].sort());
  });

  it('keeps the decisions for traders and settings for admins', () => {
    expect(requiredRole('approvals.approve')).toBe('trader');
    expect(requiredRole('risk.kill')).toBe('trader');
    expect(requiredRole('backtest.run')).toBe('trader');
    expect(requiredRole('trading.setMode')).toBe('admin');
    expect(requiredRole('trading.resetPaper')).toBe('admin');
    expect(requiredRole('keys.set')).toBe('admin');
    expect(requiredRole('auth.revoke')).toBe('admin');
    expect(requiredRole('approvals.list')).toBe('viewer');
    expect(requiredRole('no.such')).toBeNull();
    expect(requiredRole('toString')).toBeNull();
  });

  it('orders roles viewer < trader < admin', () => {
    expect(ROLES.map((held) => ROLES.filter((required) => roleAllows(held, required)))).toEqual([
      ['viewer'],
      ['viewer', 'trader'],
      ['viewer', 'trader', 'admin'],
    ]);
  });

  it('lists for each role the methods it may call: all for admin, reads for a viewer, never an unclassified one', () => {
    expect(allowedMethods('admin')).toEqual(Object.keys(METHOD_ROLES));
    const viewer = allowedMethods('viewer');
    expect(viewer).toContain('approvals.list');
    expect(viewer.every((method) => requiredRole(method) === 'viewer')).toBe(true);
    const trader = new Set(allowedMethods('trader'));
    expect(['strategy.detach', 'regime.fit', 'backtest.run', 'backtest.optimize', 'ml.train', 'data.download', 'approvals.snooze'].filter((m) => !trader.has(m))).toEqual([]);
    expect(['trading.setMode', 'keys.set', 'auth.revoke', 'sentiment.configure'].filter((m) => trader.has(m))).toEqual([]);
    expect(allowedMethods('trader')).not.toContain('no.such');
  });
});
