import type { Candle } from '../model/candle';
import { candleProblem } from '../model/candle';

/**
 * Parses OHLCV CSV text into candles and reports every bad row with its line number.
 * Two layouts are understood, chosen by the header:
 *  - `timestamp_ms,open,high,low,close,volume` (UTC open time in milliseconds)
 *  - date first, e.g. `,Open,High,Low,Close,Volume` or `Date,Open,...` with `2004-08-19` or
 *    `2017-04-19 09:00:00` dates, read as UTC.
 */
export type CsvLayout = 'timestamp-ms' | 'date-first';

export type RowProblemKind = 'unparseable' | 'non-increasing' | 'duplicate' | 'high-below-low' | 'inconsistent';

export type RowProblem = { readonly line: number; readonly kind: RowProblemKind; readonly message: string };

export type ParsedCsv = {
  readonly layout: CsvLayout;
  readonly candles: Candle[];
  /** File line number of each candle, for messages about rows found bad later. */
  readonly lines: number[];
  readonly problems: RowProblem[];
  readonly rowCount: number;
};

const OHLCV = ['open', 'high', 'low', 'close', 'volume'];

export function detectLayout(header: string): CsvLayout {
  const columns = header.trim().replace(/^\uFEFF/, '').toLowerCase().split(',').map((c) => c.trim());
  const rest = columns.slice(1);
  if (columns.length !== 6 || rest.join(',') !== OHLCV.join(',')) {
    throw new CsvFormatError(
      `unrecognised header "${header.trim()}": expected timestamp_ms,open,high,low,close,volume or a date column followed by Open,High,Low,Close,Volume`,
    );
  }
  const first = columns[0];
  if (first === 'timestamp_ms' || first === 'timestamp' || first === 'time_ms') return 'timestamp-ms';
  if (first === '' || first === 'date' || first === 'datetime' || first === 'time') return 'date-first';
  throw new CsvFormatError(`unrecognised first column "${first}": expected timestamp_ms or a date column`);
}

export class CsvFormatError extends Error {}

/** Parses the whole text. Rows with problems are reported and left out; the caller decides what to do. */
export function parseCandleCsv(text: string): ParsedCsv {
  let position = 0;
  let lineNumber = 0;
  const nextLine = (): string | null => {
    if (position >= text.length) return null;
    let end = text.indexOf('\n', position);
    if (end === -1) end = text.length;
    let line = text.slice(position, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    position = end + 1;
    lineNumber++;
    return line;
  };

  const header = nextLine();
  if (header === null) throw new CsvFormatError('the file is empty');
  const layout = detectLayout(header);
  const parseTime = layout === 'timestamp-ms' ? parseMillis : parseUtcDate;

  const candles: Candle[] = [];
  const lines: number[] = [];
  const problems: RowProblem[] = [];
  let rowCount = 0;
  let lastTime = -Infinity;

  const fields: string[] = new Array<string>(6);
  for (let line = nextLine(); line !== null; line = nextLine()) {
    if (line.length === 0 || line.trim() === '') continue;
    rowCount++;
    const count = splitFields(line, fields);
    if (count !== 6) {
      problems.push({ line: lineNumber, kind: 'unparseable', message: `expected 6 fields, found ${count}` });
      continue;
    }
    const openTime = parseTime(fields[0] ?? '');
    if (openTime === null) {
      problems.push({ line: lineNumber, kind: 'unparseable', message: `cannot read time "${fields[0]}"` });
      continue;
    }
    const open = parseNumber(fields[1] ?? '');
    const high = parseNumber(fields[2] ?? '');
    const low = parseNumber(fields[3] ?? '');
    const close = parseNumber(fields[4] ?? '');
    const volume = parseNumber(fields[5] ?? '');
    if (open === null || high === null || low === null || close === null || volume === null) {
      const badIndex = [open, high, low, close, volume].indexOf(null);
      problems.push({
        line: lineNumber,
        kind: 'unparseable',
        message: `cannot read ${OHLCV[badIndex]} "${fields[badIndex + 1]}"`,
      });
      continue;
    }
    const candle: Candle = { openTime, open, high, low, close, volume };

    if (openTime === lastTime) {
      problems.push({ line: lineNumber, kind: 'duplicate', message: `time ${formatTime(openTime)} repeats the previous row` });
      continue;
    }
    if (openTime < lastTime) {
      problems.push({
        line: lineNumber,
        kind: 'non-increasing',
        message: `time ${formatTime(openTime)} is before the previous row's ${formatTime(lastTime)}`,
      });
      continue;
    }
    const problem = candleProblem(candle);
    if (problem) {
      problems.push({ line: lineNumber, kind: high < low ? 'high-below-low' : 'inconsistent', message: problem });
      continue;
    }
    lastTime = openTime;
    candles.push(candle);
    lines.push(lineNumber);
  }
  return { layout, candles, lines, problems, rowCount };
}

/** Splits on commas into `into` without allocating an array per row; returns the field count. */
function splitFields(line: string, into: string[]): number {
  let start = 0;
  let count = 0;
  for (;;) {
    const comma = line.indexOf(',', start);
    const end = comma === -1 ? line.length : comma;
    if (count < into.length) into[count] = line.slice(start, end);
    count++;
    if (comma === -1) return count;
    start = comma + 1;
  }
}

function parseNumber(text: string): number | null {
  // Number('') and Number(' ') are 0, which would turn an empty field into a price.
  if (text.length === 0 || text.trim().length === 0) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function parseMillis(text: string): number | null {
  const value = parseNumber(text);
  return value !== null && Number.isSafeInteger(value) && value >= 0 && !/[.eE]/.test(text) ? value : null;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]00:?00)?$/;

/** Dates without a zone are UTC: stock and FX exports use exchange or UTC time, never the importer's zone. */
function parseUtcDate(text: string): number | null {
  const match = DATE.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', ms = '0'] = match;
  const month = Number(mo);
  const day = Number(d);
  const time = Date.UTC(Number(y), month - 1, day, Number(h), Number(mi), Number(s), Number(ms.padEnd(3, '0')));
  const check = new Date(time);
  // Date.UTC rolls 2023-02-30 over to March; such a date is a bad row, not another day.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) {
    return null;
  }
  return time;
}

function formatTime(ms: number): string {
  return new Date(ms).toISOString();
}
