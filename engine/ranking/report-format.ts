import type { RankingReport } from './ranking-types';
import { formatCompact } from './scores';

const bar = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(2));

/** The ranking as a Markdown document: a summary table, then one section per symbol with its rationale and raw numbers. */
export function rankingMarkdown(report: RankingReport): string {
  const lines: string[] = [];
  const scope = [report.venue, report.timeframe].filter(Boolean).join(' ');
  lines.push(`# Stratus ranking — ${scope}`, '');
  lines.push(`Generated ${new Date(report.generatedAt).toISOString()}${report.reference ? `; correlations against ${report.reference}` : ''}.`, '');
  if (report.items.length === 0) {
    lines.push('No series could be ranked.', '');
  } else {
    lines.push('| # | symbol | venue | score | direction | trend | sentiment | volatility | liquidity | anomalies |');
    lines.push('|---|---|---|---|---|---|---|---|---|---|');
    for (const item of report.items) {
      const s = item.scores;
      const flags = item.metrics.anomalies.map((a) => a.kind).join(', ');
      lines.push(
        `| ${item.rank} | ${item.series.symbol} | ${item.series.venue} | ${item.score.toFixed(3)} | ${item.direction} | ${bar(s.trend)} | ${bar(s.sentiment)} | ${bar(s.volatility)} | ${bar(s.liquidity)} | ${bar(s.anomalies)}${flags ? ` (${flags})` : ''} |`,
      );
    }
    lines.push('');
    for (const item of report.items) {
      const m = item.metrics;
      lines.push(`## ${item.rank}. ${item.series.symbol} (${item.series.venue} ${item.series.timeframe})`, '');
      lines.push(item.rationale, '');
      lines.push(
        `- trend: ADX ${m.trend.adx.toFixed(1)}, DI spread ${m.trend.diSpread.toFixed(1)}, EMA slope ${m.trend.emaSlope.toFixed(2)}σ, lookback return ${(m.trend.lookbackReturn * 100).toFixed(2)}%` +
          (m.trend.regime ? `, regime ${m.trend.regime.label} (${(m.trend.regime.confidence * 100).toFixed(0)}%)` : ''),
        `- volatility: ${(m.volatility.realised * 100).toFixed(3)}% per bar, percentile ${(m.volatility.percentile * 100).toFixed(0)}`,
        `- liquidity: ${formatCompact(m.liquidity.quoteVolume)} quote volume per day${m.liquidity.spreadBps !== undefined ? `, spread ${m.liquidity.spreadBps.toFixed(2)} bps` : ''}`,
        `- sentiment: ${m.sentiment ? `${m.sentiment.score.toFixed(2)} (confidence ${m.sentiment.confidence.toFixed(2)}, ${m.sentiment.count} items)` : 'no sources'}`,
      );
      if (m.correlation) lines.push(`- correlation to ${m.correlation.reference}: recent ${m.correlation.recent.toFixed(2)}, long-run ${m.correlation.longRun.toFixed(2)}`);
      for (const a of m.anomalies) lines.push(`- **${a.kind}** at ${new Date(a.time).toISOString()}: ${a.message}`);
      lines.push('');
    }
  }
  if (report.skipped.length > 0) {
    lines.push('## Not ranked', '');
    for (const s of report.skipped) lines.push(`- ${s.series.venue} ${s.series.symbol} ${s.series.timeframe}: ${s.reason}`);
    lines.push('');
  }
  return lines.join('\n');
}

export function rankingJson(report: RankingReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
