import { describe, expect, it } from 'vitest';
import { CsvFormatError, parseCandleCsv, parseDecimal } from './csv-candles';

describe('parseCandleCsv', () => {
  it('reads timestamp_ms files', () => {
    const parsed = parseCandleCsv(
      'timestamp_ms,open,high,low,close,volume\r\n1747699200000,105573.73,105597.1,105554.31,105554.32,10.82647\r\n1747699260000,105554.32,105609.89,105554.31,105604.68,6.48334\r\n',
    );
    expect(parsed.layout).toBe('timestamp-ms');
    expect(parsed.problems).toEqual([]);
    expect(parsed.candles).toEqual([
      { openTime: 1747699200000, open: 105573.73, high: 105597.1, low: 105554.31, close: 105554.32, volume: 10.82647 },
      { openTime: 1747699260000, open: 105554.32, high: 105609.89, low: 105554.31, close: 105604.68, volume: 6.48334 },
    ]);
  });

  it('reads date-first files with daily dates and with times, as UTC', () => {
    const daily = parseCandleCsv(',Open,High,Low,Close,Volume\n2004-08-19,100,104.06,95.96,100.34,22351900\n2004-08-20,101.01,109.08,100.5,108.31,11428600\n');
    expect(daily.layout).toBe('date-first');
    expect(daily.candles.map((c) => c.openTime)).toEqual([Date.UTC(2004, 7, 19), Date.UTC(2004, 7, 20)]);
    const hourly = parseCandleCsv('Date,Open,High,Low,Close,Volume\n2017-04-19 09:00:00,1.0716,1.0722,1.07083,1.07219,1413\n');
    expect(hourly.candles[0]?.openTime).toBe(Date.UTC(2017, 3, 19, 9));
  });

  it('reports every class of bad row with its line number and keeps the good ones', () => {
    const text = [
      'timestamp_ms,open,high,low,close,volume',
      '1000,10,12,9,11,5', // 2 good
      '2000,10,12,9,11', // 3 too few fields
      'abc,10,12,9,11,5', // 4 bad time
      '3000,10,twelve,9,11,5', // 5 bad number
      '3000,10,12,9,11,', // 6 empty volume
      '4000,10,12,9,11,5', // 7 good
      '4000,10,12,9,11,5', // 8 duplicate
      '3500,10,12,9,11,5', // 9 non-increasing
      '5000,10,8,9,9,5', // 10 high below low
      '6000,13,12,9,11,5', // 11 open above high
      '7000,10,12,9,8,5', // 12 close below low
      '8000,10,12,9,11,-1', // 13 negative volume
      '1.5e3,10,12,9,11,5', // 14 not an integer millisecond time
      '9000,10,12,9,11,5', // 15 good
    ].join('\n');
    const parsed = parseCandleCsv(text);
    expect(parsed.candles.map((c) => c.openTime)).toEqual([1000, 4000, 9000]);
    expect(parsed.lines).toEqual([2, 7, 15]);
    expect(parsed.rowCount).toBe(14);
    expect(parsed.problems.map((p) => [p.line, p.kind])).toEqual([
      [3, 'unparseable'],
      [4, 'unparseable'],
      [5, 'unparseable'],
      [6, 'unparseable'],
      [8, 'duplicate'],
      [9, 'non-increasing'],
      [10, 'high-below-low'],
      [11, 'inconsistent'],
      [12, 'inconsistent'],
      [13, 'inconsistent'],
      [14, 'unparseable'],
    ]);
    expect(parsed.problems[0]?.message).toBe('expected 6 fields, found 5');
    expect(parsed.problems[2]?.message).toBe('cannot read high "twelve"');
    expect(parsed.problems[5]?.message).toMatch(/before the previous row's/);
  });

  it('refuses impossible calendar dates instead of rolling them over', () => {
    const parsed = parseCandleCsv(',Open,High,Low,Close,Volume\n2023-02-30,1,1,1,1,1\n2023-03-01 24:00:00,1,1,1,1,1\n');
    expect(parsed.problems.map((p) => p.kind)).toEqual(['unparseable', 'unparseable']);
  });

  it('refuses files it does not understand', () => {
    expect(() => parseCandleCsv('')).toThrow(CsvFormatError);
    expect(() => parseCandleCsv('time,price\n1,2\n')).toThrow(/unrecognised header/);
    expect(() => parseCandleCsv('when,open,high,low,close,volume\n')).toThrow(/unrecognised first column "when"/);
  });
});

describe('parseDecimal', () => {
  const read = (text: string): number => parseDecimal(text, 0, text.length);

  it('agrees with Number() bit for bit on many random decimals', () => {
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 100_000; i++) {
      const digits = 1 + Math.floor(random() * 17);
      const text = (random() * 10 ** Math.floor(random() * 12)).toFixed(Math.floor(random() * digits));
      const signed = random() < 0.2 ? `-${text}` : text;
      expect(Object.is(read(signed), Number(signed)), signed).toBe(true);
    }
  });

  it('handles the edge cases the way Number() does, and refuses what is not a number', () => {
    for (const text of ['0', '-0', '1.', '.5', '007.50', '105573.73', '1e5', '1.5E-3', '123456789012345678901', '0.000000000000000000000000123']) {
      expect(Object.is(read(text), Number(text)), text).toBe(true);
    }
    for (const text of ['', ' ', '.', '-', 'abc', '1.2.3', '1,5', 'Infinity', 'NaN', '--1']) {
      expect(read(text), text).toBeNaN();
    }
  });
});
