import { describe, expect, it } from 'vitest';
import type { IndicatorDescription } from '../../../engine-client/api-types';
import { MemoryStorage } from '../../../testing/memory-storage';
import { OVERLAY_PALETTE, pickColor } from './overlay-colors';
import { defaultParams, overlayLabel, parseParams, sanitizeParams } from './overlay-params';
import { lastValue, toHistogramData, toLineData } from './overlay-series';
import { createOverlayStore, loadOverlays, MAX_OVERLAYS, OVERLAY_STORAGE_KEY } from './overlay-store';

const EMA: IndicatorDescription = {
  id: 'ema',
  label: 'EMA',
  name: 'Exponential moving average',
  pane: 'price',
  params: [{ name: 'period', label: 'Period', default: 21, min: 1, max: 1_000, integer: true, step: 1 }],
  outputs: [{ key: 'value', label: 'Value', style: 'line' }],
  levels: [],
};
const BOLLINGER: IndicatorDescription = {
  ...EMA,
  id: 'bollinger',
  label: 'Bollinger',
  params: [
    { name: 'period', label: 'Period', default: 20, min: 2, max: 1_000, integer: true, step: 1 },
    { name: 'multiplier', label: 'Std dev ×', default: 2, min: 0.1, max: 10, integer: false, step: 0.1 },
  ],
};
const MACD: IndicatorDescription = {
  ...EMA,
  id: 'macd',
  label: 'MACD',
  params: [
    { name: 'fast', label: 'Fast', default: 12, min: 1, max: 500, integer: true, step: 1 },
    { name: 'slow', label: 'Slow', default: 26, min: 2, max: 1_000, integer: true, step: 1 },
  ],
};
const OBV: IndicatorDescription = { ...EMA, id: 'obv', label: 'OBV', params: [] };

describe('overlay parameters', () => {
  it('defaults and labels', () => {
    expect(defaultParams(BOLLINGER)).toEqual({ period: 20, multiplier: 2 });
    expect(overlayLabel(BOLLINGER, { period: 20, multiplier: 2.5 })).toBe('Bollinger 20 2.5');
    expect(overlayLabel(OBV, {})).toBe('OBV');
  });

  it('parses editor fields, and explains what is wrong in range terms', () => {
    expect(parseParams(BOLLINGER, { period: ' 30 ', multiplier: '2.5' })).toEqual({ params: { period: 30, multiplier: 2.5 } });
    expect(parseParams(EMA, { period: '0' })).toEqual({ error: 'Period must be a whole number from 1 to 1000' });
    expect(parseParams(EMA, { period: '2.5' })).toEqual({ error: 'Period must be a whole number from 1 to 1000' });
    expect(parseParams(EMA, { period: '' })).toEqual({ error: 'Period must be a whole number from 1 to 1000' });
    expect(parseParams(EMA, { period: 'abc' })).toEqual({ error: 'Period must be a whole number from 1 to 1000' });
    expect(parseParams(BOLLINGER, { period: '20', multiplier: '11' })).toEqual({ error: 'Std dev × must be a number from 0.1 to 10' });
    expect(parseParams(MACD, { fast: '30', slow: '26' })).toEqual({ error: 'Fast must be shorter than Slow' });
    expect(parseParams(OBV, {})).toEqual({ params: {} });
  });

  it('sanitises remembered parameters against the current ranges', () => {
    expect(sanitizeParams(BOLLINGER, { period: 5000, multiplier: 3, stale: 1 })).toEqual({ period: 20, multiplier: 3 });
    expect(sanitizeParams(EMA, { period: 2.5 })).toEqual({ period: 21 });
  });
});

describe('overlay store', () => {
  let n = 0;
  const ids = (): string => `id-${++n}`;

  it('adds with distinct colours, edits, removes, and remembers in storage', () => {
    const storage = new MemoryStorage();
    const store = createOverlayStore(storage, ids);
    const ema = store.getState().add('ema', { period: 21 });
    const rsi = store.getState().add('rsi', { period: 14 });
    expect(ema?.color).toBe(OVERLAY_PALETTE[0]);
    expect(rsi?.color).toBe(OVERLAY_PALETTE[1]);
    store.getState().update(ema!.id, { period: 50 });
    store.getState().remove(rsi!.id);
    expect(store.getState().overlays).toEqual([{ id: ema!.id, indicator: 'ema', params: { period: 50 }, color: OVERLAY_PALETTE[0] }]);
    // A fresh store (a reload) reads the same choice back.
    expect(createOverlayStore(storage, ids).getState().overlays).toEqual(store.getState().overlays);
    // A new overlay takes the first free colour, not the removed one's neighbour.
    expect(store.getState().add('macd', {})?.color).toBe(OVERLAY_PALETTE[1]);
  });

  it(`stops at ${MAX_OVERLAYS} overlays`, () => {
    const store = createOverlayStore(new MemoryStorage(), ids);
    for (let i = 0; i < MAX_OVERLAYS; i++) expect(store.getState().add('sma', { period: i + 1 })).not.toBeNull();
    expect(store.getState().add('sma', { period: 99 })).toBeNull();
    expect(store.getState().overlays).toHaveLength(MAX_OVERLAYS);
  });

  it('drops malformed stored entries and survives unreadable storage', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      OVERLAY_STORAGE_KEY,
      JSON.stringify([
        { id: 'a', indicator: 'ema', params: { period: 9, bad: 'x' }, color: '#4c8dff' },
        { id: 'b', indicator: 'rsi', params: null },
        'junk',
        { id: 'c', indicator: 'rsi', params: { period: 14 }, color: '#4c8dff' },
      ]),
    );
    expect(loadOverlays(storage)).toEqual([
      { id: 'a', indicator: 'ema', params: { period: 9 }, color: '#4c8dff' },
      { id: 'c', indicator: 'rsi', params: { period: 14 }, color: OVERLAY_PALETTE[1] },
    ]);
    storage.setItem(OVERLAY_STORAGE_KEY, '{not json');
    expect(loadOverlays(storage)).toEqual([]);
    const throwing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); }, removeItem: () => undefined };
    const store = createOverlayStore(throwing, ids);
    expect(store.getState().overlays).toEqual([]);
    expect(store.getState().add('ema', { period: 5 })).not.toBeNull();
    expect(loadOverlays(null)).toEqual([]);
  });

  it('picks the first unused colour', () => {
    expect(pickColor([])).toBe(OVERLAY_PALETTE[0]);
    expect(pickColor([OVERLAY_PALETTE[0], OVERLAY_PALETTE[2]])).toBe(OVERLAY_PALETTE[1]);
  });
});

describe('overlay series data', () => {
  it('turns warm-up nulls into whitespace points so times stay aligned with the candles', () => {
    expect(toLineData([60_000, 120_000, 180_000], [null, 1.5, 2])).toEqual([{ time: 60 }, { time: 120, value: 1.5 }, { time: 180, value: 2 }]);
  });

  it('colours a histogram by sign', () => {
    expect(toHistogramData([0, 60_000, 120_000], [null, -1, 0], { up: 'g', down: 'r' })).toEqual([{ time: 0 }, { time: 60, value: -1, color: 'r' }, { time: 120, value: 0, color: 'g' }]);
  });

  it('reads the last value, skipping trailing nulls', () => {
    expect(lastValue([1, 2, null])).toBe(2);
    expect(lastValue([null])).toBeNull();
    expect(lastValue(undefined)).toBeNull();
  });
});
