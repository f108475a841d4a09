/**
 * Line colours for overlays, picked to read on the dark chart next to the green/red candles
 * (mirrors app/theme.css accents; the canvas cannot read CSS variables).
 */
export const OVERLAY_PALETTE = ['#4c8dff', '#e3b341', '#b392f0', '#39c5cf', '#f778ba', '#ff9f43', '#7ee787', '#a5b4fc'] as const;

/** Second and third outputs of an indicator (signal lines, ±DI, %D) get these, so each stays distinct. */
export const SECONDARY = ['#e3b341', '#f778ba', '#8b949e'] as const;

export const LEVEL_COLOR = 'rgba(139, 148, 158, 0.55)';
export const HISTOGRAM_COLORS = { up: 'rgba(38, 166, 154, 0.55)', down: 'rgba(239, 83, 80, 0.55)' } as const;

/** The first palette colour not already used by another overlay, so adding one never repeats a colour. */
export function pickColor(used: readonly string[]): string {
  return OVERLAY_PALETTE.find((c) => !used.includes(c)) ?? OVERLAY_PALETTE[used.length % OVERLAY_PALETTE.length] ?? '#4c8dff';
}

/** Separators between the price pane and indicator panes: the theme's strong border, the accent when dragged. */
export const PANE_SEPARATOR = { separatorColor: '#2a3340', separatorHoverColor: 'rgba(76, 141, 255, 0.25)' } as const;
