import type { BacktestMetrics } from '../../engine-client/api-types';

/** What a figure says about the run, for its colour: good, bad, or just a fact. */
export type Tone = 'good' | 'bad' | 'neutral';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "—" stands for a figure that has no value (no trades, a flat curve): never "NaN" on screen. */
export const NO_VALUE = '—';

/** A fraction as a percentage with its sign: 0.1234 → "+12.34%". */
export function formatSignedPercent(fraction: number, digits = 2): string {
  if (!Number.isFinite(fraction)) return NO_VALUE;
  const text = `${(fraction * 100).toFixed(digits)}%`;
  return fraction > 0 ? `+${text}` : text;
}

/** A fraction that is never signed by meaning (win rate, exposure): 0.5 → "50.0%". */
export function formatPercent(fraction: number, digits = 1): string {
  if (!Number.isFinite(fraction)) return NO_VALUE;
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** A ratio such as Sharpe or profit factor; an infinite one (no losing trade) reads "∞". */
export function formatRatio(value: number, digits = 2): string {
  if (Number.isNaN(value)) return NO_VALUE;
  if (value === Infinity) return '∞';
  if (value === -Infinity) return '−∞';
  return value.toFixed(digits);
}

/** Quote-currency money with two decimals and thousands separators. */
export function formatMoney(value: number): string {
  if (!Number.isFinite(value)) return NO_VALUE;
  return money.format(value);
}

export function formatSignedMoney(value: number): string {
  if (!Number.isFinite(value)) return NO_VALUE;
  return value > 0 ? `+${money.format(value)}` : money.format(value);
}

/** A span of time in the two largest units that matter: "12d 4h", "3h 20m", "45m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return NO_VALUE;
  if (ms < MINUTE) return `${Math.round(ms / 1000)}s`;
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.floor((ms % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  return `${minutes}m`;
}

/** A UTC day, the unit date ranges are picked in. */
export function formatUtcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A UTC time to the minute, for trade entries and exits. */
export function formatUtcTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** A span of time as dates, or as days and minutes when it is too short for dates to tell its ends apart. */
export function formatSpan(from: number, to: number): string {
  if (to - from >= 3 * DAY) return `${formatUtcDate(from)} → ${formatUtcDate(to)}`;
  return `${formatUtcTime(from).slice(5)} → ${formatUtcTime(to).slice(5)}`;
}

/** A price at a sensible precision for its size. */
export function formatTradePrice(value: number): string {
  if (!Number.isFinite(value)) return NO_VALUE;
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 2 : abs >= 1 ? 4 : 6;
  return value.toFixed(digits);
}

export function toneOf(value: number, goodAbove = 0): Tone {
  if (!Number.isFinite(value) && value !== Infinity) return 'neutral';
  if (value > goodAbove) return 'good';
  if (value < goodAbove) return 'bad';
  return 'neutral';
}

export type MetricCard = {
  readonly key: string;
  readonly label: string;
  readonly value: string;
  readonly tone: Tone;
  /** The convention behind the figure, shown on hover. */
  readonly hint: string;
  /** A second line under the value (the duration under max drawdown, buy & hold beside return). */
  readonly detail?: string;
};

/** The result's headline figures, in the order a trader reads them. */
export function metricCards(m: BacktestMetrics): MetricCard[] {
  const beatHold = m.totalReturn - m.buyAndHoldReturn;
  return [
    { key: 'totalReturn', label: 'Return', value: formatSignedPercent(m.totalReturn), tone: toneOf(m.totalReturn), hint: 'End equity over start equity, minus one', detail: `${formatMoney(m.startEquity)} → ${formatMoney(m.endEquity)}` },
    { key: 'cagr', label: 'CAGR', value: formatSignedPercent(m.cagr), tone: toneOf(m.cagr), hint: 'Compound annual growth rate over the tested span' },
    { key: 'sharpe', label: 'Sharpe', value: formatRatio(m.sharpe), tone: toneOf(m.sharpe, 1), hint: 'Annualised mean return over annualised volatility (risk-free rate 0)', detail: `vol ${formatPercent(m.annualVolatility)}` },
    { key: 'sortino', label: 'Sortino', value: formatRatio(m.sortino), tone: toneOf(m.sortino, 1), hint: 'As Sharpe, with only downside volatility below' },
    { key: 'calmar', label: 'Calmar', value: formatRatio(m.calmar), tone: toneOf(m.calmar, 1), hint: 'CAGR over max drawdown' },
    { key: 'maxDrawdown', label: 'Max DD', value: formatPercent(-Math.abs(m.maxDrawdown), 2), tone: Math.abs(m.maxDrawdown) > 0.2 ? 'bad' : 'neutral', hint: 'Maximum drawdown: the largest fall of equity from a peak', detail: `lasted ${formatDuration(m.maxDrawdownDuration)}` },
    { key: 'winRate', label: 'Win rate', value: formatPercent(m.winRate), tone: m.trades === 0 ? 'neutral' : toneOf(m.winRate, 0.5), hint: 'Closed trades with a positive PnL after fees' },
    { key: 'profitFactor', label: 'Profit f.', value: formatRatio(m.profitFactor), tone: m.trades === 0 ? 'neutral' : toneOf(m.profitFactor, 1), hint: 'Profit factor: gross profit over gross loss' },
    { key: 'expectancy', label: 'Expect.', value: formatSignedMoney(m.expectancy), tone: toneOf(m.expectancy), hint: 'Expectancy: average PnL per trade, quote currency' },
    { key: 'sqn', label: 'SQN', value: formatRatio(m.sqn), tone: toneOf(m.sqn, 1.6), hint: "Van Tharp's system quality: √n × mean R over its deviation" },
    { key: 'exposure', label: 'Exposure', value: formatPercent(m.exposure), tone: 'neutral', hint: 'Share of bars with a position open' },
    { key: 'trades', label: 'Trades', value: String(m.trades), tone: 'neutral', hint: 'Closed and still-open trades', detail: `fees ${formatMoney(m.fees)}` },
    { key: 'buyAndHold', label: 'Buy & hold', value: formatSignedPercent(m.buyAndHoldReturn), tone: 'neutral', hint: 'Return of holding the instrument over the same span', detail: `${beatHold >= 0 ? 'beaten by' : 'behind by'} ${formatPercent(Math.abs(beatHold), 2)}` },
  ];
}
