import { describe, expect, it } from 'vitest';
import type { ParameterSpec, Signal } from '../../engine-client/api-types';
import { defaultValues, mergeSignals, MAX_SIGNALS, paramSummary, parseParams, sameSeries, signalMarkers } from './signal-state';

const signal = (id: string, time: number, extra: Partial<Signal> = {}): Signal => ({
  id,
  strategy: 'sma-cross',
  venue: 'bybit',
  symbol: 'BTCUSDT',
  timeframe: '1m',
  time,
  price: 100,
  receivedAt: time + 60_000,
  direction: 'long',
  strength: 1,
  rationale: 'x',
  ...extra,
});

describe('signal state', () => {
  it('merges in time order, each id once', () => {
    const a = signal('a', 3_000);
    const b = signal('b', 1_000);
    const merged = mergeSignals([a], [b, a]);
    expect(merged.map((s) => s.id)).toEqual(['b', 'a']);
    expect(mergeSignals(merged, [])).toBe(merged);
  });

  it('keeps only the newest MAX_SIGNALS', () => {
    const many = Array.from({ length: MAX_SIGNALS + 5 }, (_, i) => signal(`s${i}`, i * 60_000));
    const merged = mergeSignals([], many);
    expect(merged).toHaveLength(MAX_SIGNALS);
    expect(merged[0]!.id).toBe('s5');
  });

  it('draws longs under the bar, shorts over it, exits as circles, suppressed entries dimmed', () => {
    const markers = signalMarkers([
      signal('l', 60_000),
      signal('s', 120_000, { direction: 'short' }),
      signal('f', 180_000, { direction: 'flat' }),
      signal('x', 240_000, { suppressed: 'long entries are suppressed in the stress regime' }),
    ]);
    expect(markers.map((m) => [m.time, m.position, m.shape])).toEqual([
      [60, 'belowBar', 'arrowUp'],
      [120, 'aboveBar', 'arrowDown'],
      [180, 'aboveBar', 'circle'],
      [240, 'belowBar', 'arrowUp'],
    ]);
    expect(markers[0]!.color).not.toBe(markers[3]!.color);
    expect(markers[3]!.text).toBe('held back');
    expect(markers[0]!.text).toBeUndefined();
  });

  it('matches series exactly', () => {
    expect(sameSeries({ venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' }, signal('a', 0))).toBe(true);
    expect(sameSeries({ venue: 'bybit', symbol: 'BTCUSDT', timeframe: '5m' }, signal('a', 0))).toBe(false);
  });
});

describe('parameter form', () => {
  const specs: ParameterSpec[] = [
    { name: 'fast', kind: 'integer', default: 10, min: 2, max: 50, description: '' },
    { name: 'width', kind: 'number', default: 2, min: 0.5, max: 4, description: '' },
    { name: 'reverse', kind: 'boolean', default: false, description: '' },
    { name: 'mode', kind: 'choice', default: 'a', choices: ['a', 'b'], description: '' },
  ];

  it('starts from the defaults and reads typed values back', () => {
    const values = defaultValues(specs);
    expect(values).toEqual({ fast: '10', width: '2', reverse: 'false', mode: 'a' });
    expect(parseParams(specs, { ...values, fast: ' 12 ', reverse: 'true', mode: 'b' })).toEqual({ params: { fast: 12, width: 2, reverse: true, mode: 'b' }, problems: [] });
  });

  it('lists what is wrong', () => {
    expect(parseParams(specs, { fast: '2.5', width: 'wide' }).problems).toEqual(['fast must be a whole number', 'width must be a number']);
    expect(parseParams(specs, { fast: '99', width: '' }).problems).toEqual(['fast must be between 2 and 50', 'width must be a number']);
  });

  it('summarises changed parameters', () => {
    expect(paramSummary(specs, { fast: 10, width: 2 })).toBe('defaults');
    expect(paramSummary(specs, { fast: 5, width: 2, reverse: true })).toBe('fast 5 · reverse true');
  });
});
