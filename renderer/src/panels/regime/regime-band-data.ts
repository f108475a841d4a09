import type { RegimeHistory, RegimeLabel, RegimeState } from '../../engine-client/api-types';
import { BAND_ORDER } from './regime-colors';

/**
 * The regime band's data: for each bar, the probability of each regime (states with the same label
 * summed), stacked in BAND_ORDER. `tops[l][i]` is the upper edge of regime l at bar i, so an area drawn
 * from 0 to `tops[l]`, with the higher layers drawn first, shows each regime as its own slice.
 */
export type BandData = {
  readonly modelId: string;
  readonly labels: readonly RegimeLabel[];
  /** Bar open times in ms, ascending. */
  readonly time: number[];
  readonly tops: Record<RegimeLabel, number[]>;
};

export function emptyBand(modelId: string, labels: readonly RegimeLabel[]): BandData {
  return { modelId, labels, time: [], tops: { stress: [], 'trend-down': [], range: [], 'trend-up': [] } };
}

/** Upper edges of each regime's slice for one bar's state probabilities. */
export function stackedTops(labels: readonly RegimeLabel[], probabilities: readonly number[]): Record<RegimeLabel, number> {
  const byLabel: Record<RegimeLabel, number> = { stress: 0, 'trend-down': 0, range: 0, 'trend-up': 0 };
  labels.forEach((label, s) => (byLabel[label] += probabilities[s] ?? 0));
  let running = 0;
  const tops = { ...byLabel };
  for (const label of BAND_ORDER) {
    running += byLabel[label];
    tops[label] = Math.min(1, running);
  }
  return tops;
}

export function bandFromHistory(history: RegimeHistory): BandData {
  const band = emptyBand(history.modelId, history.labels);
  history.time.forEach((time, i) => {
    const tops = stackedTops(
      history.labels,
      history.probabilities.map((column) => column[i] ?? 0),
    );
    band.time.push(time);
    for (const label of BAND_ORDER) band.tops[label].push(tops[label]);
  });
  return band;
}

/**
 * Adds a live state. Returns 'appended' (or 'replaced' for the last bar again), 'older' for a bar
 * before the band's end (ignored), and 'other-model' when the state comes from a model the band was
 * not loaded with: the caller reloads.
 */
export function applyState(band: BandData, state: RegimeState): 'appended' | 'replaced' | 'older' | 'other-model' {
  if (state.modelId !== band.modelId) return 'other-model';
  const last = band.time.at(-1);
  if (last !== undefined && state.time < last) return 'older';
  const tops = stackedTops(state.labels, state.probabilities);
  const replace = last === state.time;
  if (!replace) band.time.push(state.time);
  for (const label of BAND_ORDER) {
    const column = band.tops[label];
    if (replace) column[column.length - 1] = tops[label];
    else column.push(tops[label]);
  }
  return replace ? 'replaced' : 'appended';
}

/** The regimes that occur in the band, in drawing order (top slice first). */
export function drawnLabels(labels: readonly RegimeLabel[]): RegimeLabel[] {
  return [...BAND_ORDER].reverse().filter((label) => labels.includes(label));
}
