import type { AnomalyKind, DimensionScores, ModelSummary, RankedSeries } from '../../engine-client/api-types';

/** The score columns in table order, with the short heading and what the bar means. */
export const SCORE_COLUMNS = [
  { key: 'trend', label: 'Trd', title: 'Trend strength: ADX and EMA slope (and the regime when one is detected)' },
  { key: 'sentiment', label: 'Snt', title: 'Sentiment: 1h aggregate score × confidence (— without sources)' },
  { key: 'volatility', label: 'Vol', title: 'Calmness: 1 − the percentile of realised volatility in its own history' },
  { key: 'liquidity', label: 'Liq', title: 'Liquidity: quote volume per day on a log scale, less for wide spreads' },
  { key: 'anomalies', label: 'Anm', title: 'Anomalies: severity of the worst recent volume spike, price jump or correlation breakdown' },
] as const satisfies readonly { key: keyof DimensionScores; label: string; title: string }[];

export const ANOMALY_BADGES: Record<AnomalyKind, { readonly short: string; readonly name: string }> = {
  'volume-spike': { short: 'VOL', name: 'Volume spike' },
  'price-jump': { short: 'JUMP', name: 'Price jump' },
  'correlation-breakdown': { short: 'CORR', name: 'Correlation breakdown' },
};

/** Bar width in percent; null (no data) draws no bar. */
export function barWidth(score: number | null): number {
  if (score === null || !Number.isFinite(score)) return 0;
  return Math.round(Math.min(1, Math.max(0, score)) * 100);
}

/** A tone for the bar: anomalies are bad when high, every other dimension is good when high. */
export function barTone(key: keyof DimensionScores, score: number | null): 'good' | 'mid' | 'bad' | 'none' {
  if (score === null) return 'none';
  const goodness = key === 'anomalies' ? 1 - score : score;
  return goodness >= 0.6 ? 'good' : goodness >= 0.35 ? 'mid' : 'bad';
}

export function rowKey(item: RankedSeries): string {
  return `${item.series.venue}:${item.series.symbol}:${item.series.timeframe}`;
}

export function directionArrow(direction: RankedSeries['direction']): string {
  return direction === 'up' ? '▲' : direction === 'down' ? '▼' : '–';
}

/** The model line under the table: how the newest model of each series did out of sample. */
export function modelLine(m: ModelSummary): string {
  const o = m.validation.overall;
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
  return `${m.series.symbol} ${m.series.timeframe} v${m.version} · h=${m.horizon} · acc ${pct(o.accuracy)} vs ${pct(o.baselineAccuracy)} · AUC ${o.auc.toFixed(3)} · log-loss ${o.logLoss.toFixed(3)} (base ${o.baselineLogLoss.toFixed(3)})`;
}

/** Newest version per series, newest series first. */
export function latestModels(models: readonly ModelSummary[]): ModelSummary[] {
  const seen = new Set<string>();
  const out: ModelSummary[] = [];
  for (const m of [...models].sort((a, b) => b.createdAt - a.createdAt || b.version - a.version)) {
    const key = `${m.series.venue}:${m.series.symbol}:${m.series.timeframe}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
  }
  return out;
}
