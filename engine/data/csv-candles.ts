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
  let headerEnd = text.indexOf('\n');
  if (headerEnd === -1) headerEnd = text.length;
  const header = text.slice(0, headerEnd);
  if (header.trim() === '') throw new CsvFormatError('the file is empty');
  const layout = detectLayout(header);

  const candles: Candle[] = [];
  const lines: number[] = [];
  const problems: RowProblem[] = [];
  let rowCount = 0;
  let lastTime = -Infinity;
  let lineNumber = 1;
  const starts = new Int32Array(6);
  const ends = new Int32Array(6);
  const field = (i: number): string => text.slice(starts[i], ends[i]);

  // Fields are read straight out of the text, without a string per line or per number: this loop
  // is the import's hot path.
  for (let start = headerEnd + 1; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const next = end + 1;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    lineNumber++;
    const lineStart = start;
    start = next;
    if (end === lineStart || text.slice(lineStart, end).trim() === '') continue;
    rowCount++;
    const count = splitFields(text, lineStart, end, starts, ends);
    if (count !== 6) {
      problems.push({ line: lineNumber, kind: 'unparseable', message: `expected 6 fields, found ${count}` });
      continue;
    }
    const openTime = layout === 'timestamp-ms' ? parseMillis(text, starts[0] ?? 0, ends[0] ?? 0) : parseUtcDate(field(0));
    if (openTime === null) {
      problems.push({ line: lineNumber, kind: 'unparseable', message: `cannot read time "${field(0)}"` });
      continue;
    }
    const open = parseDecimal(text, starts[1] ?? 0, ends[1] ?? 0);
    const high = parseDecimal(text, starts[2] ?? 0, ends[2] ?? 0);
    const low = parseDecimal(text, starts[3] ?? 0, ends[3] ?? 0);
    const close = parseDecimal(text, starts[4] ?? 0, ends[4] ?? 0);
    const volume = parseDecimal(text, starts[5] ?? 0, ends[5] ?? 0);
    if (Number.isNaN(open + high + low + close + volume)) {
      const badIndex = [open, high, low, close, volume].findIndex(Number.isNaN);
      problems.push({
        line: lineNumber,
        kind: 'unparseable',
        message: `cannot read ${OHLCV[badIndex]} "${field(badIndex + 1)}"`,
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

/** Records the offsets of the comma-separated fields of text[start, end); returns the field count. */
function splitFields(text: string, start: number, end: number, starts: Int32Array, ends: Int32Array): number {
  let count = 0;
  for (;;) {
    let comma = text.indexOf(',', start);
    if (comma === -1 || comma > end) comma = end;
    if (count < starts.length) {
      starts[count] = start;
      ends[count] = comma;
    }
    count++;
    if (comma === end) return count;
    start = comma + 1;
  }
}

const ZERO = 48;
const NINE = 57;
const DOT = 46;
const MINUS = 45;
/** Powers of ten that a double holds exactly. */
const EXACT_POWERS = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * Reads a plain decimal (`-123.456`) from text[start, end) without making a string; NaN if it is not
 * a number. With at most 15 significant digits the mantissa and the power of ten are both exact
 * doubles, so one division gives the correctly rounded value, the same as Number(). Anything else
 * (exponents, long mantissas, spaces) takes Number() on a slice.
 */
export function parseDecimal(text: string, start: number, end: number): number {
  if (start >= end) return Number.NaN;
  let i = start;
  const negative = text.charCodeAt(i) === MINUS;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) {
      mantissa = mantissa * 10 + (c - ZERO);
      if (mantissa > 0) digits++;
      if (decimals >= 0) decimals++;
    } else if (c === DOT && decimals < 0) {
      decimals = 0;
    } else {
      return slowNumber(text.slice(start, end));
    }
  }
  if (digits > 15 || decimals > 22 || (decimals === 0 && i === start + 1) || i === start + (negative ? 1 : 0)) {
    return slowNumber(text.slice(start, end));
  }
  const value = decimals > 0 ? mantissa / (EXACT_POWERS[decimals] ?? 1) : mantissa;
  return negative ? -value : value;
}

function slowNumber(text: string): number {
  // Number('') and Number(' ') are 0, which would turn an empty field into a price.
  if (text.trim().length === 0) return Number.NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : Number.NaN;
}

function parseMillis(text: string, start: number, end: number): number | null {
  if (end - start > 16) return null;
  let value = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < ZERO || c > NINE) return null;
    value = value * 10 + (c - ZERO);
  }
  return end > start && Number.isSafeInteger(value) ? value : null;
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
