/** A parameter value as the optimiser reports it. */
export type ParamValue = number | string | boolean;

/** One point of an optimisation: its parameters and a value to colour by (fitness or one of its parts). */
export type HeatmapPoint = {
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly value: number;
};

export type HeatmapCell = {
  readonly x: ParamValue;
  readonly y: ParamValue;
  /** Best value over every other parameter at this (x, y); null where no set was tried. */
  readonly value: number | null;
  /** How many parameter sets fell on this cell. */
  readonly count: number;
};

export type HeatmapGrid = {
  readonly xs: readonly ParamValue[];
  readonly ys: readonly ParamValue[];
  /** Row-major: cells[row * xs.length + column], rows follow ys. */
  readonly cells: readonly HeatmapCell[];
  readonly min: number;
  readonly max: number;
};

/**
 * Lays the optimiser's points on a grid over two parameters. Other parameters vary within a cell, so
 * each cell shows the best value found there: what the trader can reach by choosing that pair.
 * Non-finite values (a run with no trades has no Sharpe) leave the cell as tried but empty.
 */
export function buildHeatmap(points: readonly HeatmapPoint[], xParam: string, yParam: string): HeatmapGrid {
  const xs = distinctSorted(points.map((p) => p.params[xParam]));
  const ys = distinctSorted(points.map((p) => p.params[yParam]));
  const best = new Map<string, { value: number | null; count: number }>();
  let min = Infinity;
  let max = -Infinity;
  for (const point of points) {
    const x = point.params[xParam];
    const y = point.params[yParam];
    if (x === undefined || y === undefined) continue;
    const key = cellKey(x, y);
    const cell = best.get(key) ?? { value: null, count: 0 };
    cell.count += 1;
    if (Number.isFinite(point.value)) {
      if (cell.value === null || point.value > cell.value) cell.value = point.value;
      min = Math.min(min, point.value);
      max = Math.max(max, point.value);
    }
    best.set(key, cell);
  }
  const cells: HeatmapCell[] = [];
  for (const y of ys) {
    for (const x of xs) {
      const cell = best.get(cellKey(x, y));
      cells.push({ x, y, value: cell?.value ?? null, count: cell?.count ?? 0 });
    }
  }
  if (min > max) {
    min = 0;
    max = 0;
  }
  return { xs, ys, cells, min, max };
}

function cellKey(x: ParamValue, y: ParamValue): string {
  return `${typeof x}:${String(x)}|${typeof y}:${String(y)}`;
}

function distinctSorted(values: readonly (ParamValue | undefined)[]): ParamValue[] {
  const seen = new Map<string, ParamValue>();
  for (const value of values) if (value !== undefined) seen.set(`${typeof value}:${String(value)}`, value);
  return [...seen.values()].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
}

/** Parameters that took more than one value: the only ones worth an axis. */
export function variedParams(points: readonly Pick<HeatmapPoint, 'params'>[]): string[] {
  const names = new Set<string>();
  for (const point of points) for (const name of Object.keys(point.params)) names.add(name);
  return [...names].filter((name) => distinctSorted(points.map((p) => p.params[name])).length > 1);
}

type Rgb = readonly [number, number, number];

// A sequential scale from the panel's dark blue to the accent and on to amber, readable on the dark theme;
// a diverging one (red, grey, green) when values straddle zero, so a loss never looks like a small gain.
const SEQUENTIAL: readonly Rgb[] = [
  [22, 35, 58],
  [37, 84, 160],
  [76, 141, 255],
  [160, 190, 140],
  [227, 179, 65],
];
const DIVERGING: readonly Rgb[] = [
  [239, 83, 80],
  [120, 60, 64],
  [48, 54, 64],
  [28, 110, 102],
  [38, 166, 154],
];

export type ColorScale = {
  readonly min: number;
  readonly max: number;
  readonly diverging: boolean;
  /** Where a value falls on the scale, 0 to 1. */
  position(value: number): number;
  color(value: number): string;
  /** Evenly spaced values for the legend, min first. */
  ticks(count?: number): number[];
  /** A CSS gradient of the whole scale, left (min) to right (max). */
  gradient(): string;
};

export function colorScale(min: number, max: number): ColorScale {
  const diverging = min < 0 && max > 0;
  const stops = diverging ? DIVERGING : SEQUENTIAL;
  // A diverging scale is centred on zero: the same distance from zero is the same strength of colour.
  const reach = Math.max(Math.abs(min), Math.abs(max));
  const position = (value: number): number => {
    if (diverging) return clamp01((value + reach) / (2 * reach));
    if (max === min) return 1;
    return clamp01((value - min) / (max - min));
  };
  const colorAt = (t: number): string => rgb(interpolate(stops, t));
  return {
    min,
    max,
    diverging,
    position,
    color: (value) => colorAt(position(value)),
    ticks: (count = 5) => {
      if (max === min) return [min];
      return Array.from({ length: count }, (_, i) => min + ((max - min) * i) / (count - 1));
    },
    gradient: () => {
      const from = position(min);
      const to = position(max);
      const steps = 8;
      const parts = Array.from({ length: steps + 1 }, (_, i) => {
        const t = from + ((to - from) * i) / steps;
        return `${colorAt(t)} ${((i / steps) * 100).toFixed(1)}%`;
      });
      return `linear-gradient(to right, ${parts.join(', ')})`;
    },
  };
}

function interpolate(stops: readonly Rgb[], t: number): Rgb {
  const scaled = clamp01(t) * (stops.length - 1);
  const index = Math.min(stops.length - 2, Math.floor(scaled));
  const local = scaled - index;
  const a = stops[index] ?? stops[0]!;
  const b = stops[index + 1] ?? a;
  return [a[0] + (b[0] - a[0]) * local, a[1] + (b[1] - a[1]) * local, a[2] + (b[2] - a[2]) * local];
}

function rgb([r, g, b]: Rgb): string {
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

function clamp01(t: number): number {
  return Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
}

/** A readable text colour over a cell's colour. */
export function textOn(position: number, diverging: boolean): string {
  if (diverging) return position < 0.3 || position > 0.7 ? '#0b0e14' : '#e6edf3';
  return position > 0.55 ? '#0b0e14' : '#e6edf3';
}
