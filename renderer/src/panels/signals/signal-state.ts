import type { SeriesMarker, Time } from 'lightweight-charts';
import type { ParameterSpec, SeriesKey, Signal } from '../../engine-client/api-types';
import { toChartTime } from '../chart/candle-bars';
import { CHART_THEME } from '../chart/chart-theme';

/** Most signals a series keeps in view; older ones are dropped from the list and the chart. */
export const MAX_SIGNALS = 2_000;

export function sameSeries(a: SeriesKey, b: { readonly venue: string; readonly symbol: string; readonly timeframe: string }): boolean {
  return a.venue === b.venue && a.symbol === b.symbol && a.timeframe === b.timeframe;
}

/** Adds signals to a list kept in bar-time order, each id once (a replayed stream event changes nothing). */
export function mergeSignals(current: readonly Signal[], incoming: readonly Signal[]): Signal[] {
  if (incoming.length === 0) return current as Signal[];
  const byId = new Map(current.map((s) => [s.id, s]));
  for (const signal of incoming) byId.set(signal.id, signal);
  const merged = [...byId.values()].sort((a, b) => a.time - b.time || a.strategy.localeCompare(b.strategy) || a.id.localeCompare(b.id));
  return merged.length > MAX_SIGNALS ? merged.slice(merged.length - MAX_SIGNALS) : merged;
}

const DIM = 'rgba(139, 148, 158, 0.55)';
const EXIT = '#e3b341';

/**
 * Chart markers for signals: long an up arrow under the bar, short a down arrow over it, flat (exit) a
 * small circle over the bar. Shapes and colours say it all, so markers carry no text (labels on every
 * signal bury the candles); only a suppressed entry is labelled, drawn dimmed, so the trader sees what
 * the regime held back.
 */
export function signalMarkers(signals: readonly Signal[]): SeriesMarker<Time>[] {
  return signals.map((s) => {
    const time = toChartTime(s.time);
    const held = s.suppressed ? { color: DIM, text: 'held back' } : null;
    if (s.direction === 'long') return { time, position: 'belowBar', shape: 'arrowUp', color: CHART_THEME.up, ...held, id: s.id };
    if (s.direction === 'short') return { time, position: 'aboveBar', shape: 'arrowDown', color: CHART_THEME.down, ...held, id: s.id };
    return { time, position: 'aboveBar', shape: 'circle', color: EXIT, id: s.id, size: 0.6 };
  });
}

/** Initial form values of a strategy's parameters: the defaults, as text for the inputs. */
export function defaultValues(parameters: readonly ParameterSpec[]): Record<string, string> {
  return Object.fromEntries(parameters.map((p) => [p.name, String(p.default)]));
}

/**
 * Reads the form back into typed parameters; every field the user could not have meant is listed
 * (the engine checks ranges again and says so if the form missed something).
 */
export function parseParams(parameters: readonly ParameterSpec[], values: Readonly<Record<string, string>>): { params: Record<string, number | boolean | string>; problems: string[] } {
  const params: Record<string, number | boolean | string> = {};
  const problems: string[] = [];
  for (const spec of parameters) {
    const text = (values[spec.name] ?? String(spec.default)).trim();
    if (spec.kind === 'boolean') params[spec.name] = text === 'true';
    else if (spec.kind === 'choice') params[spec.name] = text;
    else {
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) problems.push(`${spec.name} must be a number`);
      else if (spec.kind === 'integer' && !Number.isInteger(value)) problems.push(`${spec.name} must be a whole number`);
      else if (value < spec.min || value > spec.max) problems.push(`${spec.name} must be between ${spec.min} and ${spec.max}`);
      else params[spec.name] = value;
    }
  }
  return { params, problems };
}

/** Parameters that differ from the defaults, for a compact label ("fast 5 · slow 20"). */
export function paramSummary(parameters: readonly ParameterSpec[] | undefined, params: Readonly<Record<string, number | boolean | string>>): string {
  const changed = Object.entries(params).filter(([name, value]) => parameters?.find((p) => p.name === name)?.default !== value);
  return changed.length === 0 ? 'defaults' : changed.map(([name, value]) => `${name} ${String(value)}`).join(' · ');
}
