import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SHARED_DATA } from './stats';

/** The headlines of sent_valid.csv with their gold labels (0 Bearish, 1 Bullish, 2 Neutral), or null without ../shared/data. */
export function loadValidHeadlines(): { texts: string[]; gold: number[] } | null {
  const path = fileURLToPath(new URL('sentiment/twitter_financial_news_sentiment/sent_valid.csv', SHARED_DATA));
  if (!existsSync(path)) return null;
  const rows = parseCsv(readFileSync(path, 'utf8')).slice(1);
  return { texts: rows.map((r) => r[0] ?? ''), gold: rows.map((r) => Number(r[1])) };
}

/** RFC 4180 fields: some headlines hold quoted commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}
