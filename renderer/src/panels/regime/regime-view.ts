import type { FeatureDriver, RegimeFeature, RegimeLabel, Timeframe } from '../../engine-client/api-types';

const FEATURE_NAMES: Readonly<Record<RegimeFeature, string>> = {
  return: 'Return',
  volatility: 'Volatility',
  adx: 'ADX',
  direction: 'Direction (DI)',
  volume: 'Volume z',
  sentiment: 'Sentiment',
  netFlow: 'Exchange net flow',
};

export function featureName(feature: RegimeFeature): string {
  return FEATURE_NAMES[feature];
}

const TIMEFRAME_MINUTES: Readonly<Record<Timeframe, number>> = {
  '1m': 1,
  '3m': 3,
  '5m': 5,
  '15m': 15,
  '30m': 30,
  '1h': 60,
  '2h': 120,
  '4h': 240,
  '6h': 360,
  '12h': 720,
  '1d': 1440,
  '1w': 10080,
  '1M': 43200,
};

/** "26 bars ≈ 1d 2h": a duration in bars, with the wall-clock time it stands for. */
export function formatDuration(bars: number, timeframe: Timeframe): string {
  if (!Number.isFinite(bars)) return 'indefinitely';
  const rounded = Math.max(1, Math.round(bars));
  const minutes = rounded * TIMEFRAME_MINUTES[timeframe];
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const parts = days > 0 ? [`${days}d`, hours > 0 ? `${hours}h` : ''] : hours > 0 ? [`${hours}h`, mins > 0 ? `${mins}m` : ''] : [`${mins}m`];
  return `${rounded} bar${rounded === 1 ? '' : 's'} ≈ ${parts.filter(Boolean).join(' ')}`;
}

export function formatPercent(p: number, digits = 0): string {
  return `${(100 * p).toFixed(digits)} %`;
}

/** Drivers with the strongest pull first; missing features last. */
export function rankDrivers(drivers: readonly FeatureDriver[]): FeatureDriver[] {
  return [...drivers].sort((a, b) => (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) || Math.abs(b.contribution) - Math.abs(a.contribution));
}

/** Width of a driver's bar as a share of the strongest one (0 … 1). */
export function driverWidths(drivers: readonly FeatureDriver[]): number[] {
  const strongest = Math.max(1e-12, ...drivers.map((d) => Math.abs(d.contribution)));
  return drivers.map((d) => Math.abs(d.contribution) / strongest);
}

/**
 * Background of a transition-matrix cell: the accent colour with opacity growing with the probability.
 * A square root spreads the small off-diagonal probabilities (0.01 … 0.1) that matter most.
 */
export function heatColor(p: number): string {
  const alpha = Math.sqrt(Math.min(1, Math.max(0, p)));
  return `rgba(76, 141, 255, ${(0.06 + 0.84 * alpha).toFixed(3)})`;
}

/** States named for display: the label, numbered when several states share it. */
export function stateNames(labels: readonly RegimeLabel[], names: Readonly<Record<RegimeLabel, string>>): string[] {
  return labels.map((label, i) => {
    const same = labels.filter((l) => l === label).length;
    if (same === 1) return names[label];
    const nth = labels.slice(0, i + 1).filter((l) => l === label).length;
    return `${names[label]} ${nth}`;
  });
}
