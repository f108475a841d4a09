/** Text formatting for the terminal. */
export function formatTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatUtc(ms: number | null): string {
  if (ms === null) return '-';
  return new Date(ms).toISOString().replace('T', ' ').replace(/:00\.000Z$/, '').replace(/\.000Z$/, '');
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
