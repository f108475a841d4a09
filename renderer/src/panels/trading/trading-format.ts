/**
 * Display helpers for trading figures. Amounts arrive as exact decimal strings; they become numbers
 * only here, for display, and never flow back into anything the engine computes with.
 */

const moneyFormat = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Money in the settlement currency, two decimals, thousands separated: "12,345.67". */
export function formatMoney(value: string | number | undefined): string {
  const n = toNumber(value);
  return n === null ? '—' : moneyFormat.format(n);
}

/** Money with an explicit sign, for PnL: "+1,234.50", "−87.10". */
export function formatSignedMoney(value: string | number | undefined): string {
  const n = toNumber(value);
  if (n === null) return '—';
  const text = moneyFormat.format(Math.abs(n));
  if (n > 0) return `+${text}`;
  return n < 0 ? `−${text}` : text;
}

/** The sign of an amount as a CSS-friendly word. */
export function signOf(value: string | number | undefined): 'positive' | 'negative' | 'zero' {
  const n = toNumber(value) ?? 0;
  return n > 0 ? 'positive' : n < 0 ? 'negative' : 'zero';
}

/**
 * A price or quantity as the engine sent it, with trailing zeros beyond `minDecimals` trimmed and
 * thousands separated; the string is kept exact (no float round trip), so 0.00012345 stays itself.
 */
export function formatDecimal(value: string | undefined, minDecimals = 0): string {
  if (value === undefined || value === '') return '—';
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return value;
  const [, sign = '', whole = '0', fraction = ''] = match;
  let decimals = fraction.replace(/0+$/, '');
  if (decimals.length < minDecimals) decimals = decimals.padEnd(minDecimals, '0');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign === '-' ? '−' : ''}${grouped}${decimals ? `.${decimals}` : ''}`;
}

/** A fraction (0.0123) as a percentage with enough digits to be useful: "1.23 %". */
export function formatPercent(fraction: number | undefined, digits = 2): string {
  if (fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)} %`;
}

/**
 * Time left until `expiresAt`: "4:05" for minutes, "0:09" under a minute, "1h 02m" past an hour, and
 * "expired" once passed. Seconds are rounded up, so "0:00" never shows while time remains.
 */
export function formatCountdown(expiresAt: number, now: number): string {
  const left = expiresAt - now;
  if (left <= 0) return 'expired';
  const seconds = Math.ceil(left / 1_000);
  if (seconds >= 3_600) {
    const hours = Math.floor(seconds / 3_600);
    const minutes = Math.floor((seconds % 3_600) / 60);
    return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  }
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** How pressing the countdown is: calm, soon (under 30 s), or gone. */
export function countdownUrgency(expiresAt: number, now: number): 'calm' | 'soon' | 'expired' {
  const left = expiresAt - now;
  if (left <= 0) return 'expired';
  return left <= 30_000 ? 'soon' : 'calm';
}

/** The share of the proposal's lifetime still left, 0..1, for the countdown bar. */
export function lifetimeLeft(createdAt: number, expiresAt: number, now: number): number {
  const total = expiresAt - createdAt;
  if (total <= 0) return 0;
  return Math.min(1, Math.max(0, (expiresAt - now) / total));
}

/** Local time of day with seconds, for blotter rows. */
export function formatClock(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-GB', { hour12: false });
}

/** "BUY" / "SELL" for a side, the words a blotter uses. */
export function sideLabel(side: 'buy' | 'sell'): string {
  return side === 'buy' ? 'BUY' : 'SELL';
}

/** Reward over risk from entry, stop and target; undefined when either leg is missing. */
export function rewardRisk(entry: string, stop: string | undefined, target: string | undefined): number | undefined {
  if (stop === undefined || target === undefined) return undefined;
  const e = Number(entry);
  const risk = Math.abs(e - Number(stop));
  if (!Number.isFinite(risk) || risk === 0) return undefined;
  return Math.abs(Number(target) - e) / risk;
}

/** Notional value of a size at a price, for display. */
export function notionalOf(quantity: string, price: string): number {
  return Math.abs(Number(quantity) * Number(price));
}

function toNumber(value: string | number | undefined): number | null {
  if (value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** How far a price is from the entry, signed, as a percentage of the entry: "+0.14 %". */
export function formatDistance(price: number, entry: string): string {
  const e = Number(entry);
  if (!Number.isFinite(price) || !Number.isFinite(e) || e === 0) return '—';
  const pct = ((price - e) / e) * 100;
  return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${Math.abs(pct).toFixed(2)} %`;
}
