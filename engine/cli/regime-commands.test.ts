import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { RegimeRepository } from '../regime/regime-repository';
import { generateRegimeCandles } from '../testing/regime-candles';
import { tempDir } from '../testing/temp-dir';
import { runCli } from './stratus';

describe('stratus regime fit', () => {
  let dir: ReturnType<typeof tempDir>;
  let dbPath: string;
  const key = { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1h' } as const;
  const out: string[] = [];
  const errors: string[] = [];
  beforeEach(() => {
    dir = tempDir();
    dbPath = join(dir.path, 'stratus.db');
    const db = openDatabase({ path: dbPath });
    new CandleRepository(db).upsertMany(key, generateRegimeCandles(1_500, { seed: 2 }).candles, 0);
    db.close();
    out.length = 0;
    errors.length = 0;
    vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    dir.remove();
  });

  const run = (...args: string[]): Promise<number> =>
    runCli(['node', 'stratus', 'regime', 'fit', '--venue', key.venue, '--symbol', key.symbol, '--timeframe', key.timeframe, '--db', dbPath, ...args]);

  it('fits and stores a model, and prints its regimes', async () => {
    expect(await run('--states', '3')).toBe(0);
    expect(out[0]).toMatch(/fitted regime model v1 .* on [\d,]+ bars of binance BTC\/USDT 1h/);
    expect(out[1]).toMatch(/regime/);
    expect(out[1]).toMatch(/stress/);
    const db = openDatabase({ path: dbPath });
    expect(new RegimeRepository(db).latestModel(key)?.hmm.states).toBe(3);
    db.close();
  });

  it('refuses bad options and too short a range with one clear line', async () => {
    expect(await run('--states', '12')).toBe(1);
    expect(errors.at(-1)).toMatch(/--states must be a whole number from 2 to 8/);
    expect(await run('--from', 'yesterday-ish')).toBe(1);
    expect(errors.at(-1)).toMatch(/--from "yesterday-ish" is not a date/);
    expect(await run('--to', '2024-01-03')).toBe(1);
    expect(errors.at(-1)).toMatch(/stored, at least \d+ needed/);
  });
});
