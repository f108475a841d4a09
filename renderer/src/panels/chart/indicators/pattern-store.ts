import { createStore, type StoreApi } from 'zustand/vanilla';
import type { KeyValueStorage } from '../../../stores/connection-storage';

export const PATTERNS_STORAGE_KEY = 'stratus.chart.patterns';

export type PatternToggleState = {
  readonly on: boolean;
  set(on: boolean): void;
};

/** Whether candlestick patterns are drawn on the chart, remembered per browser like the overlays. */
export function createPatternToggle(storage: KeyValueStorage | null): StoreApi<PatternToggleState> {
  let stored: string | null = null;
  try {
    stored = storage?.getItem(PATTERNS_STORAGE_KEY) ?? null;
  } catch {
    // Unreadable storage: start with patterns off.
  }
  const store = createStore<PatternToggleState>()((set) => ({ on: stored === 'on', set: (on) => set({ on }) }));
  store.subscribe((state) => {
    try {
      storage?.setItem(PATTERNS_STORAGE_KEY, state.on ? 'on' : 'off');
    } catch {
      // A full or denied storage only means the choice is not remembered.
    }
  });
  return store;
}
