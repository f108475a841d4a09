import type { StoredBacktest } from '../backtest/backtest-store';
import type { BacktestMetrics } from '../backtest/backtest-types';
import type { OptimizationResult, WalkForwardResult } from '../backtest/optimization-types';
import { formatTable, formatUtc } from './format';

const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
const num = (x: number, d = 2): string => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const days = (ms: number): string => `${(ms / 86_400_000).toFixed(1)} d`;

/** The summary table's rows: figure, value. */
export function metricRows(m: BacktestMetrics): [string, string][] {
  return [
    ['start → end equity', `${num(m.startEquity)} → ${num(m.endEquity)}`],
    ['total return', pct(m.totalReturn)],
    ['buy & hold', pct(m.buyAndHoldReturn)],
    ['CAGR', pct(m.cagr)],
    ['annual volatility', pct(m.annualVolatility)],
    ['Sharpe / Sortino / Calmar', `${num(m.sharpe)} / ${num(m.sortino)} / ${num(m.calmar)}`],
    ['max drawdown (duration)', `${pct(m.maxDrawdown)} (${days(m.maxDrawdownDuration)})`],
    ['trades, win rate', `${m.trades}, ${pct(m.winRate)}`],
    ['profit factor, expectancy', `${num(m.profitFactor)}, ${num(m.expectancy)}`],
    ['SQN', num(m.sqn)],
    ['best / worst / average trade', `${pct(m.bestTrade)} / ${pct(m.worstTrade)} / ${pct(m.averageTrade)}`],
    ['exposure', pct(m.exposure)],
    ['fees', num(m.fees)],
  ];
}

function markdownTable(headers: string[], rows: string[][]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

const paramsText = (p: Readonly<Record<string, unknown>>): string => Object.entries(p).map(([k, v]) => `${k}=${String(v)}`).join(' ');

export function backtestSummary(r: StoredBacktest): string {
  const head = `backtest ${r.id}: ${r.strategy} ${paramsText(r.params)} on ${r.venue} ${r.symbol} ${r.timeframe}, ${formatUtc(r.from)} to ${formatUtc(r.to)}`;
  const regimes = r.byRegime.length > 1 || r.byRegime[0]?.regime !== 'none'
    ? `\n\n${formatTable(['regime', 'bars', 'trades', 'PnL', 'win rate', 'return'], r.byRegime.map((b) => [b.regime, String(b.bars), String(b.trades), num(b.pnl), pct(b.winRate), pct(b.returnFraction)]))}`
    : '';
  return `${head}\n${formatTable(['figure', 'value'], metricRows(r.metrics))}${regimes}`;
}

export function backtestMarkdown(r: StoredBacktest): string {
  const trades = r.trades.slice(0, 200).map((t) => [t.side, formatUtc(t.entryTime), num(t.entryPrice), t.exitTime !== undefined ? formatUtc(t.exitTime) : '-', t.exitPrice !== undefined ? num(t.exitPrice) : '-', String(t.quantity), num(t.pnl), pct(t.returnFraction), t.exitReason, t.regime ?? '-']);
  return [
    `# Backtest ${r.id}`,
    '',
    `${r.strategy} (${paramsText(r.params) || 'default parameters'}) on ${r.venue} ${r.symbol} ${r.timeframe}, ${formatUtc(r.from)} to ${formatUtc(r.to)}.`,
    `Costs: maker ${r.config.fees.makerBps} bp, taker ${r.config.fees.takerBps} bp, slippage ${JSON.stringify(r.config.slippage)}; sizing ${JSON.stringify(r.config.sizing)}; fills at ${r.config.fillTiming}; approval ${JSON.stringify(r.config.approval)}.`,
    '',
    '## Metrics',
    '',
    markdownTable(['figure', 'value'], metricRows(r.metrics)),
    '',
    '## By regime',
    '',
    markdownTable(['regime', 'bars', 'trades', 'PnL', 'win rate', 'return'], r.byRegime.map((b) => [b.regime, String(b.bars), String(b.trades), num(b.pnl), pct(b.winRate), pct(b.returnFraction)])),
    '',
    `## Trades${r.trades.length > 200 ? ` (first 200 of ${r.trades.length})` : ''}`,
    '',
    markdownTable(['side', 'entry', 'price', 'exit', 'price', 'quantity', 'PnL', 'return', 'exit reason', 'regime'], trades),
    '',
  ].join('\n');
}

function optimizationRows(r: OptimizationResult, limit: number): string[][] {
  return r.rows.slice(0, limit).map((row) => [
    String(row.rank),
    paramsText(row.params),
    num(row.objective, 4),
    num(row.fitness, 3),
    `${num(row.components.survival, 2)}/${num(row.components.profit, 2)}/${num(row.components.adaptability, 2)}/${num(row.components.robustness, 2)}`,
    pct(row.metrics.totalReturn),
    num(row.metrics.sharpe),
    pct(row.metrics.maxDrawdown),
    String(row.metrics.trades),
  ]);
}

const OPT_HEADERS = ['rank', 'parameters', 'objective', 'fitness', 'S/P/A/R', 'return', 'Sharpe', 'max DD', 'trades'];

export function optimizationSummary(r: OptimizationResult): string {
  return [
    `optimisation ${r.id}: ${r.method} search of ${r.strategy} on ${r.venue} ${r.symbol} ${r.timeframe}, ${r.evaluations} parameter sets in ${(r.elapsedMs / 1000).toFixed(1)} s, objective ${r.objective}${r.message ? ` (${r.message})` : ''}`,
    formatTable(OPT_HEADERS, optimizationRows(r, 10)),
  ].join('\n');
}

export function optimizationMarkdown(r: OptimizationResult): string {
  return [
    `# Optimisation ${r.id}`,
    '',
    `${r.method} search of ${r.strategy} on ${r.venue} ${r.symbol} ${r.timeframe}, ${formatUtc(r.from)} to ${formatUtc(r.to)}: ${r.evaluations} parameter sets, objective ${r.objective}, seed ${r.seed}${r.message ? `; ${r.message}` : ''}.`,
    'Fitness parts: S survival (30 %), P profit (25 %), A adaptability (25 %), R robustness (20 %).',
    '',
    markdownTable(OPT_HEADERS, optimizationRows(r, 50)),
    '',
  ].join('\n');
}

function windowRows(r: WalkForwardResult): string[][] {
  return r.windows.map((w) => [
    String(w.index + 1),
    `${formatUtc(w.inSample.from)} – ${formatUtc(w.inSample.to)}`,
    `${formatUtc(w.outOfSample.from)} – ${formatUtc(w.outOfSample.to)}`,
    paramsText(w.bestParams),
    pct(w.inSampleMetrics.totalReturn),
    pct(w.outOfSampleMetrics.totalReturn),
    num(w.outOfSampleMetrics.sharpe),
  ]);
}

const WF_HEADERS = ['window', 'in-sample', 'out-of-sample', 'best parameters', 'IS return', 'OOS return', 'OOS Sharpe'];

export function walkForwardSummary(r: WalkForwardResult): string {
  const stitched = r.stitched ? `\nstitched out-of-sample:\n${formatTable(['figure', 'value'], metricRows(r.stitched.metrics))}` : '';
  const efficiency = r.efficiency !== undefined ? `, walk-forward efficiency ${num(r.efficiency)}` : '';
  return `walk-forward ${r.id}: ${r.mode}, ${r.windows.length} windows of ${r.strategy} on ${r.venue} ${r.symbol} ${r.timeframe}${efficiency}\n${formatTable(WF_HEADERS, windowRows(r))}${stitched}`;
}

export function walkForwardMarkdown(r: WalkForwardResult): string {
  return [
    `# Walk-forward ${r.id}`,
    '',
    `${r.mode} walk-forward of ${r.strategy} on ${r.venue} ${r.symbol} ${r.timeframe}: ${r.windows.length} windows${r.efficiency !== undefined ? `, efficiency ${num(r.efficiency)}` : ''}.`,
    '',
    markdownTable(WF_HEADERS, windowRows(r)),
    '',
    ...(r.stitched ? ['## Stitched out-of-sample', '', markdownTable(['figure', 'value'], metricRows(r.stitched.metrics)), ''] : []),
  ].join('\n');
}
