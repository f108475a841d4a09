import { readFile } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { ValidationError } from '../core/errors';
import type { SeriesKey } from '../model/candle';
import type { CandleRepository } from '../store/repositories/candle-repository';
import { CsvFormatError, parseCandleCsv, type CsvLayout, type RowProblem } from './csv-candles';

export type ImportOptions = {
  /** Import the good rows and report the bad ones, instead of importing nothing. */
  readonly skipBad?: boolean;
  readonly onProgress?: (written: number, total: number) => void;
  readonly now?: number;
};

export type ImportReport = {
  readonly layout: CsvLayout;
  readonly rows: number;
  readonly imported: number;
  readonly skipped: number;
  readonly problems: RowProblem[];
  readonly firstOpenTime: number | null;
  readonly lastOpenTime: number | null;
};

/** Rows per transaction step: big enough to keep inserts fast, small enough for a live progress bar. */
const CHUNK = 50_000;

/** Bad rows were found and nothing was written; `problems` lists them with their line numbers. */
export class ImportRejectedError extends ValidationError {
  constructor(
    readonly problems: RowProblem[],
    readonly rows: number,
  ) {
    super(`${problems.length} of ${rows} rows are bad; nothing was imported (use --skip-bad to import the good rows)`);
  }
}

/**
 * Imports a CSV file into one candle series. All or nothing: the rows are checked first, and the
 * writes happen in a single transaction, so a failure half-way leaves the database as it was.
 */
export async function importCandleCsv(
  db: Database.Database,
  repository: CandleRepository,
  path: string,
  key: SeriesKey,
  options: ImportOptions = {},
): Promise<ImportReport> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ValidationError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  let parsed;
  try {
    parsed = parseCandleCsv(text);
  } catch (error) {
    if (error instanceof CsvFormatError) throw new ValidationError(`${path}: ${error.message}`, { cause: error });
    throw error;
  }
  const { candles, problems, rowCount, layout } = parsed;
  if (problems.length > 0 && !options.skipBad) throw new ImportRejectedError(problems, rowCount);

  const receivedAt = options.now ?? Date.now();
  db.exec('BEGIN IMMEDIATE');
  try {
    for (let start = 0; start < candles.length; start += CHUNK) {
      repository.upsertMany(key, candles.slice(start, start + CHUNK), receivedAt);
      options.onProgress?.(Math.min(start + CHUNK, candles.length), candles.length);
      // Let a progress bar draw; nothing else writes to this connection while the import runs.
      if (options.onProgress) await yieldToEventLoop();
    }
    db.exec('COMMIT');
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
  return {
    layout,
    rows: rowCount,
    imported: candles.length,
    skipped: problems.length,
    problems,
    firstOpenTime: candles[0]?.openTime ?? null,
    lastOpenTime: candles.at(-1)?.openTime ?? null,
  };
}
