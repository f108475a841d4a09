import type { DimensionScores, RankedSeries, SeriesMetrics } from './ranking-types';

/** How much each dimension weighs in the combined score; sentiment only counts when present. */
export const DIMENSION_WEIGHTS = { trend: 0.4, volatility: 0.2, liquidity: 0.2, sentiment: 0.2 } as const;
/** An anomaly of severity 1 halves the combined score: the numbers behind it are less trustworthy. */
const ANOMALY_PENALTY = 0.5;
/** Quote volume per day mapped on a log scale: 10^4 → 0, 10^9 → 1. */
const LIQUIDITY_LOG_RANGE = [4, 9] as const;
/** A spread this wide (bps) or wider removes all liquidity credit. */
const MAX_SPREAD_BPS = 50;

const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : Number.isFinite(v) ? v : 0);

export function dimensionScores(m: SeriesMetrics): DimensionScores {
  // ADX past 50 is as strong as trends get; the EMA slope in σ units says whether price actually moved.
  let trend = 0.5 * clamp01(m.trend.adx / 50) + 0.5 * Math.abs(Math.tanh(m.trend.emaSlope / 2));
  if (m.trend.regime) {
    const trending = m.trend.regime.label === 'trend-up' || m.trend.regime.label === 'trend-down';
    trend = 0.75 * trend + 0.25 * (trending ? m.trend.regime.confidence : 0);
  }
  const sentiment = m.sentiment ? clamp01(0.5 + 0.5 * m.sentiment.score * m.sentiment.confidence) : null;
  const volatility = clamp01(1 - m.volatility.percentile);
  const [lo, hi] = LIQUIDITY_LOG_RANGE;
  let liquidity = m.liquidity.quoteVolume > 0 ? clamp01((Math.log10(m.liquidity.quoteVolume) - lo) / (hi - lo)) : 0;
  if (m.liquidity.spreadBps !== undefined) liquidity *= 1 - clamp01(m.liquidity.spreadBps / MAX_SPREAD_BPS);
  const anomalies = m.anomalies.reduce((worst, a) => Math.max(worst, a.severity), 0);
  return { trend: clamp01(trend), sentiment, volatility, liquidity, anomalies: clamp01(anomalies) };
}

export function combinedScore(s: DimensionScores): number {
  const w = DIMENSION_WEIGHTS;
  let sum = w.trend * s.trend + w.volatility * s.volatility + w.liquidity * s.liquidity;
  let weights = w.trend + w.volatility + w.liquidity;
  if (s.sentiment !== null) {
    sum += w.sentiment * s.sentiment;
    weights += w.sentiment;
  }
  return clamp01((sum / weights) * (1 - ANOMALY_PENALTY * s.anomalies));
}

export function trendDirection(m: SeriesMetrics): RankedSeries['direction'] {
  const votes = Math.sign(m.trend.emaSlope) + Math.sign(m.trend.diSpread) + Math.sign(m.trend.lookbackReturn);
  if (votes >= 2) return 'up';
  if (votes <= -2) return 'down';
  return 'none';
}

const pct = (v: number): string => `${(v * 100).toFixed(0)}%`;

/** One or two sentences a trader reads: the strongest reasons first, then the warnings. */
export function rationale(m: SeriesMetrics, s: DimensionScores, direction: RankedSeries['direction']): string {
  const parts: string[] = [];
  const move = `${m.trend.lookbackReturn >= 0 ? '+' : ''}${(m.trend.lookbackReturn * 100).toFixed(1)}%`;
  if (direction === 'none') parts.push(`no clear trend (ADX ${m.trend.adx.toFixed(0)}, ${move})`);
  else parts.push(`${s.trend >= 0.6 ? 'strong' : s.trend >= 0.35 ? 'moderate' : 'weak'} ${direction}trend (ADX ${m.trend.adx.toFixed(0)}, EMA slope ${m.trend.emaSlope.toFixed(1)}σ, ${move})`);
  if (m.trend.regime) parts.push(`regime ${m.trend.regime.label} (${pct(m.trend.regime.confidence)})`);
  parts.push(`volatility at the ${pct(m.volatility.percentile)} percentile of its history`);
  if (m.sentiment) parts.push(`sentiment ${m.sentiment.score >= 0 ? '+' : ''}${m.sentiment.score.toFixed(2)} from ${m.sentiment.count} items`);
  parts.push(`liquidity ${formatCompact(m.liquidity.quoteVolume)} quote/day${m.liquidity.spreadBps !== undefined ? `, spread ${m.liquidity.spreadBps.toFixed(1)} bps` : ''}`);
  const text = parts.join('; ');
  const warnings = m.anomalies.map((a) => a.message);
  return warnings.length > 0 ? `${text}. Anomalies: ${warnings.join('; ')}.` : `${text}.`;
}

export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e3) return `${(value / 1e3).toFixed(1)}k`;
  return value.toFixed(0);
}

/** Sorts by combined score (ties by symbol, so equal inputs always give the same order) and keeps the top N. */
export function rankMetrics(all: readonly SeriesMetrics[], top: number): RankedSeries[] {
  const scored = all.map((metrics) => {
    const scores = dimensionScores(metrics);
    const direction = trendDirection(metrics);
    return { series: metrics.series, score: combinedScore(scores), direction, scores, metrics, rationale: rationale(metrics, scores, direction) };
  });
  scored.sort((a, b) => b.score - a.score || a.series.symbol.localeCompare(b.series.symbol) || a.series.venue.localeCompare(b.series.venue));
  return scored.slice(0, top).map((item, i) => ({ rank: i + 1, ...item }));
}
