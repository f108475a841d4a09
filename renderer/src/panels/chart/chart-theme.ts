/**
 * Colours of the chart. lightweight-charts draws on a canvas and cannot read CSS variables, so
 * these mirror app/theme.css; change both together.
 */
export const CHART_THEME = {
  background: '#11151c',
  grid: '#171c25',
  border: '#1e2530',
  text: '#8b949e',
  crosshair: '#4c8dff',
  up: '#26a69a',
  down: '#ef5350',
  upVolume: 'rgba(38, 166, 154, 0.45)',
  downVolume: 'rgba(239, 83, 80, 0.45)',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
} as const;
