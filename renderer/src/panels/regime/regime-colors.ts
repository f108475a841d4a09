import type { RegimeLabel } from '../../engine-client/api-types';

/** Every regime in band order, bottom to top. The engine's REGIME_LABELS, repeated because the renderer imports only types. */
export const BAND_ORDER: readonly RegimeLabel[] = ['stress', 'trend-down', 'range', 'trend-up'];

/**
 * Colours per regime, for CSS and for the chart canvas (which cannot read CSS variables): up and
 * down follow the candles' green and red, range is the accent blue, stress the theme's amber. `band`
 * is the same colour at about half strength over the chart background, made opaque because the band's
 * stacked areas must not blend into each other.
 */
export const REGIME_COLORS: Readonly<Record<RegimeLabel, { readonly solid: string; readonly band: string }>> = {
  'trend-up': { solid: '#26a69a', band: '#1d6561' },
  'trend-down': { solid: '#ef5350', band: '#8b3739' },
  range: { solid: '#4c8dff', band: '#2c4b82' },
  stress: { solid: '#e3b341', band: '#8f7432' },
};

export const REGIME_NAMES: Readonly<Record<RegimeLabel, string>> = {
  'trend-up': 'Trend up',
  'trend-down': 'Trend down',
  range: 'Range',
  stress: 'Stress',
};
