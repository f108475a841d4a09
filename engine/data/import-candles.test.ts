import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../core/errors';
import { openDatabase, type Db } from '../store/database';
import { CandleRepository } from '../store/repositories/candle-repository';
import { candlesToCsv, generateCandles } from '../testing/candles';
import { tempDir } from '../testing/temp-dir';
import { ImportRejectedError, importCandleCsv } from './import-candles';

const key = { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1m' } as const;
const SHARED_1M = new URL('../../../shared/data/candles/binance_BTCUSDT_1m_2025-05-20_2025-08-18.csv', import.meta.url);
const SHARED_GOOG = new URL('../../../shared/data/reference/GOOG.csv', import.meta.url);

describe('importCandleCsv', () => {
  let dir: ReturnType<typeof tempDir>;
  let db: Db;
  let repo: CandleRepository;
  beforeEach(() => {
    dir = tempDir();
    db = openDatabase({ path: join(dir.path, 'stratus.db') });
    repo = new CandleRepository(db);
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  const file = (name: string, text: string): string => {
    const path = join(dir.path, name);
    writeFileSync(path, text);
    return path;
  };

  it('imports a generated file with progress, and a re-import changes nothing', async () => {
    const candles = generateCandles(120_000);
    const path = file('gen.csv', candlesToCsv(candles));
    const progress: number[] = [];
    const report = await importCandleCsv(db, repo, path, key, { onProgress: (done) => progress.push(done) });
    expect(report).toMatchObject({ rows: 120_000, imported: 120_000, skipped: 0, firstOpenTime: candles[0]?.openTime });
    expect(progress).toEqual([50_000, 100_000, 120_000]);
    await importCandleCsv(db, repo, path, key);
    expect(repo.count(key)).toBe(120_000);
    expect(repo.range(key, { limit: 1 }).close).toEqual([candles.at(-1)?.close]);
  });

  it('imports nothing when any row is bad, and lists the bad rows', async () => {
    const good = candlesToCsv(generateCandles(10)).trimEnd().split('\n');
    const path = file('bad.csv', [...good.slice(0, 5), '17,1,0,2,1,1', ...good.slice(5)].join('\n'));
    const failure = await importCandleCsv(db, repo, path, key).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportRejectedError);
    expect((failure as ImportRejectedError).problems).toEqual([
      expect.objectContaining({ line: 6, kind: 'non-increasing' }),
    ]);
    expect((failure as Error).message).toBe('1 of 11 rows are bad; nothing was imported (use --skip-bad to import the good rows)');
    expect(repo.count(key)).toBe(0);
  });

  it('imports the good rows with skipBad and reports what it skipped', async () => {
    const good = candlesToCsv(generateCandles(10)).trimEnd().split('\n');
    const path = file('bad.csv', [...good, 'garbage', '1,2,3'].join('\n'));
    const report = await importCandleCsv(db, repo, path, key, { skipBad: true });
    expect(report).toMatchObject({ imported: 10, skipped: 2 });
    expect(report.problems.map((p) => p.line)).toEqual([12, 13]);
    expect(repo.count(key)).toBe(10);
  });

  it('gives a clear error for a missing file or an unknown layout', async () => {
    await expect(importCandleCsv(db, repo, join(dir.path, 'nope.csv'), key)).rejects.toThrow(/cannot read .*nope.csv/);
    await expect(importCandleCsv(db, repo, file('x.csv', 'a,b\n'), key)).rejects.toThrow(ValidationError);
  });

  it.skipIf(!existsSync(SHARED_1M))('imports the 130,708-row Binance 1-minute file (needs ../shared/data)', async () => {
    const report = await importCandleCsv(db, repo, SHARED_1M.pathname, key);
    expect(report).toMatchObject({ rows: 130_708, imported: 130_708, skipped: 0, firstOpenTime: 1747699200000 });
    expect(repo.listSeries()).toEqual([expect.objectContaining({ count: 130_708 })]);
  });

  it.skipIf(!existsSync(SHARED_GOOG))('imports backtesting.py GOOG daily stock data (needs ../shared/data)', async () => {
    const report = await importCandleCsv(db, repo, SHARED_GOOG.pathname, { venue: 'nasdaq', symbol: 'GOOG', timeframe: '1d' });
    expect(report).toMatchObject({ layout: 'date-first', imported: 2_148, firstOpenTime: Date.UTC(2004, 7, 19) });
  });
});

if (!existsSync(SHARED_1M)) console.warn('skipping the shared-data import tests: ../shared/data is not present');
