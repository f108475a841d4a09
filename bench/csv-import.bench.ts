/**
 * CSV import into SQLite, rows/s: the 130,708-row Binance 1-minute file when ../shared/data is
 * present (a generated file of the same size otherwise), into a fresh WAL database each run.
 * Baseline: better-sqlite3 inserting the same already-parsed rows with a bare INSERT (no checks, no upsert).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCandleCsv } from '../engine/data/csv-candles';
import { importCandleCsv } from '../engine/data/import-candles';
import { openDatabase } from '../engine/store/database';
import { CandleRepository } from '../engine/store/repositories/candle-repository';
import { candlesToCsv, generateCandles } from '../engine/testing/candles';
import { tempDir } from '../engine/testing/temp-dir';
import { SHARED_DATA, fmt, median, report } from './stats';

const RUNS = 7;
const dir = tempDir('stratus-bench-');
const shared = fileURLToPath(new URL('candles/binance_BTCUSDT_1m_2025-05-20_2025-08-18.csv', SHARED_DATA));
let file = shared;
if (!existsSync(shared)) {
  console.log('../shared/data is absent: using a generated 130,708-row file instead');
  file = join(dir.path, 'generated.csv');
  writeFileSync(file, candlesToCsv(generateCandles(130_708)));
}
const key = { venue: 'binance', symbol: 'BTC/USDT', timeframe: '1m' } as const;

const full: number[] = [];
const parse: number[] = [];
const baseline: number[] = [];
let rows = 0;
try {
  for (let run = 0; run < RUNS; run++) {
    const db = openDatabase({ path: join(dir.path, `import-${run}.db`) });
    const began = performance.now();
    const result = await importCandleCsv(db, new CandleRepository(db), file, key);
    full.push(performance.now() - began);
    rows = result.imported;
    db.close();

    const text = readFileSync(file, 'utf8');
    const parseStart = performance.now();
    const parsed = parseCandleCsv(text);
    parse.push(performance.now() - parseStart);

    const bare = openDatabase({ path: join(dir.path, `bare-${run}.db`) });
    bare.prepare("INSERT INTO candle_series (id, venue, symbol, timeframe) VALUES (1, 'b', 's', '1m')").run();
    const insert = bare.prepare('INSERT INTO candles VALUES (1, ?, ?, ?, ?, ?, ?, 0)');
    const bareStart = performance.now();
    bare.transaction(() => {
      for (const c of parsed.candles) insert.run(c.openTime, c.open, c.high, c.low, c.close, c.volume);
    })();
    baseline.push(performance.now() - bareStart);
    bare.close();
  }
} finally {
  dir.remove();
}

const rate = (ms: number): number => rows / (ms / 1000);
report(`CSV import: ${fmt(rows)} rows, ${RUNS} runs, median (file read + parse + checks + upsert in one transaction)`, [
  ['stratus data import', `${fmt(rate(median(full)))} rows/s (${fmt(median(full), 1)} ms)  goal ≥ 500,000 rows/s`],
  ['  of which parse+check', `${fmt(median(parse), 1)} ms`],
  ['baseline: bare INSERT of parsed rows', `${fmt(rate(median(baseline)))} rows/s (${fmt(median(baseline), 1)} ms)`],
  ['import time / bare insert time', `${fmt(median(full) / median(baseline), 2)}×`],
]);
