import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KeyValueStorage } from '../../../stores/connection-storage';
import { pickColor } from './overlay-colors';
import type { OverlayParams } from './overlay-params';

export const OVERLAY_STORAGE_KEY = 'stratus.chart.indicators';
/** More than this many overlays crowds the chart; the picker stops offering more. */
export const MAX_OVERLAYS = 8;

/** One indicator the trader put on the chart. */
export type Overlay = {
  readonly id: string;
  readonly indicator: string;
  readonly params: OverlayParams;
  /** Its main line's colour, kept so removing another overlay never recolours this one. */
  readonly color: string;
};

export type OverlayStoreState = {
  readonly overlays: readonly Overlay[];
  add(indicator: string, params: OverlayParams): Overlay | null;
  update(id: string, params: OverlayParams): void;
  remove(id: string): void;
};

export type OverlayStore = StoreApi<OverlayStoreState>;

/**
 * The chart's indicator overlays, remembered per browser (localStorage) so they come back after a
 * reload and on every series. Malformed stored entries are dropped, never fatal.
 */
export function createOverlayStore(storage: KeyValueStorage | null, newId: () => string = defaultId): OverlayStore {
  const store = createStore<OverlayStoreState>()((set, get) => ({
    overlays: loadOverlays(storage),
    add: (indicator, params) => {
      if (get().overlays.length >= MAX_OVERLAYS) return null;
      const overlay: Overlay = { id: newId(), indicator, params, color: pickColor(get().overlays.map((o) => o.color)) };
      set({ overlays: [...get().overlays, overlay] });
      return overlay;
    },
    update: (id, params) => set({ overlays: get().overlays.map((o) => (o.id === id ? { ...o, params } : o)) }),
    remove: (id) => set({ overlays: get().overlays.filter((o) => o.id !== id) }),
  }));
  store.subscribe((state) => saveOverlays(storage, state.overlays));
  return store;
}

export function loadOverlays(storage: KeyValueStorage | null): Overlay[] {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(OVERLAY_STORAGE_KEY) ?? null;
  } catch {
    return [];
  }
  if (raw === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const overlays: Overlay[] = [];
  for (const item of parsed) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, indicator, params, color } = item as Record<string, unknown>;
    if (typeof id !== 'string' || typeof indicator !== 'string' || typeof params !== 'object' || params === null) continue;
    const numeric = Object.entries(params).filter((entry): entry is [string, number] => typeof entry[1] === 'number' && Number.isFinite(entry[1]));
    const used = overlays.map((o) => o.color);
    const valid = typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) && !used.includes(color);
    overlays.push({ id, indicator, params: Object.fromEntries(numeric), color: valid ? color : pickColor(used) });
  }
  return overlays.slice(0, MAX_OVERLAYS);
}

function saveOverlays(storage: KeyValueStorage | null, overlays: readonly Overlay[]): void {
  try {
    storage?.setItem(OVERLAY_STORAGE_KEY, JSON.stringify(overlays));
  } catch {
    // A full or denied storage only means the choice is not remembered.
  }
}

function defaultId(): string {
  return `ov-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
