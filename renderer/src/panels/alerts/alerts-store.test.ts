import { describe, expect, it } from 'vitest';
import { makeAlert } from './alert-fixtures';
import { MAX_TOASTS, TOAST_MS, createAlertsStore } from './alerts-store';

describe('alerts store', () => {
  it('keeps the loaded alerts newest first, once each, and counts the unread ones', () => {
    const store = createAlertsStore();
    store.getState().setAlerts([
      makeAlert({ id: 'a1', at: 1_000 }),
      makeAlert({ id: 'a3', at: 3_000, read: true }),
      makeAlert({ id: 'a2', at: 2_000 }),
      // The same alert from the unread list as well: one row.
      makeAlert({ id: 'a1', at: 1_000 }),
      makeAlert({ id: 'a2b', at: 2_000 }),
    ]);
    const state = store.getState();
    expect(state.alerts.map((a) => a.id)).toEqual(['a3', 'a2b', 'a2', 'a1']);
    expect(state.unread).toBe(3);
    expect(state.loaded).toBe(true);
  });

  it('adds a raised alert once, however often it is replayed, and follows its read flag', () => {
    const store = createAlertsStore();
    store.getState().setAlerts([makeAlert({ id: 'a1', at: 1_000 })]);
    store.getState().applyAlert(makeAlert({ id: 'a2', at: 2_000 }));
    store.getState().applyAlert(makeAlert({ id: 'a2', at: 2_000 }));
    expect(store.getState().alerts.map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(store.getState().unread).toBe(2);
    store.getState().applyAlert(makeAlert({ id: 'a2', at: 2_000, read: true }));
    expect(store.getState().unread).toBe(1);
    expect(store.getState().alerts[0]!.read).toBe(true);
    // An alert that arrives already read adds nothing to the count.
    store.getState().applyAlert(makeAlert({ id: 'a0', at: 500, read: true }));
    expect(store.getState().unread).toBe(1);
    expect(store.getState().alerts.at(-1)!.id).toBe('a0');
  });

  it('pops up a toast only for new live warnings and critical alerts, a few at a time', () => {
    const store = createAlertsStore();
    const apply = (id: string, severity: 'info' | 'warning' | 'critical', live = true) => store.getState().applyAlert(makeAlert({ id, severity, at: Number(id.slice(1)) }), { live, now: 10 });
    apply('a1', 'info');
    apply('a2', 'warning', false);
    expect(store.getState().toasts).toEqual([]);
    apply('a3', 'warning');
    apply('a3', 'warning');
    expect(store.getState().toasts.map((t) => t.alert.id)).toEqual(['a3']);
    for (let i = 4; i < 4 + MAX_TOASTS + 2; i++) apply(`a${i}`, 'critical');
    const shown = store.getState().toasts.map((t) => t.alert.id);
    expect(shown).toHaveLength(MAX_TOASTS);
    // The newest stay; the oldest made room.
    expect(shown.at(-1)).toBe(`a${3 + MAX_TOASTS + 2}`);
    expect(shown).not.toContain('a3');
  });

  it('lets toasts go after their time, a critical one later, and restarts their clocks when held', () => {
    const store = createAlertsStore();
    store.getState().applyAlert(makeAlert({ id: 'w', severity: 'warning' }), { live: true, now: 0 });
    store.getState().applyAlert(makeAlert({ id: 'c', severity: 'critical' }), { live: true, now: 0 });
    expect(store.getState().expireToasts(1)).toBe(TOAST_MS.warning);
    expect(store.getState().expireToasts(TOAST_MS.warning)).toBe(TOAST_MS.critical);
    expect(store.getState().toasts.map((t) => t.alert.id)).toEqual(['c']);
    store.getState().restartToasts(TOAST_MS.critical - 1);
    expect(store.getState().expireToasts(TOAST_MS.critical)).toBe(2 * TOAST_MS.critical - 1);
    expect(store.getState().expireToasts(2 * TOAST_MS.critical)).toBeNull();
    expect(store.getState().toasts).toEqual([]);
  });

  it('marks some or all alerts read at once, with their toasts, then takes the engine’s count', () => {
    const store = createAlertsStore();
    store.getState().setAlerts([makeAlert({ id: 'a1', at: 1 }), makeAlert({ id: 'a2', at: 2 })]);
    store.getState().applyAlert(makeAlert({ id: 'a3', at: 3, severity: 'critical' }), { live: true, now: 0 });
    expect(store.getState().unread).toBe(3);
    store.getState().markReadLocally(['a3', 'a3', 'unknown']);
    expect(store.getState().unread).toBe(2);
    expect(store.getState().toasts).toEqual([]);
    expect(store.getState().alerts.find((a) => a.id === 'a3')!.read).toBe(true);
    store.getState().markReadLocally('all');
    expect(store.getState().unread).toBe(0);
    expect(store.getState().alerts.every((a) => a.read)).toBe(true);
    // The engine knows of more unread alerts than the window holds.
    store.getState().setUnread(7);
    expect(store.getState().unread).toBe(7);
    store.getState().setUnread(-1);
    expect(store.getState().unread).toBe(0);
  });

  it('drops the toast of an alert read elsewhere when the list is reloaded, and starts empty after a reset', () => {
    const store = createAlertsStore();
    store.getState().applyAlert(makeAlert({ id: 'a1', severity: 'warning' }), { live: true, now: 0 });
    store.getState().setAlerts([makeAlert({ id: 'a1', severity: 'warning', read: true })]);
    expect(store.getState().toasts).toEqual([]);
    store.getState().reset();
    expect(store.getState()).toMatchObject({ alerts: [], unread: 0, loaded: false, toasts: [], telegram: null, loadError: null });
  });

  it('adds older pages below, once each, counting their unread alerts', () => {
    const store = createAlertsStore();
    store.getState().setAlerts([makeAlert({ id: 'a5', at: 5 }), makeAlert({ id: 'a4', at: 4, read: true })], true);
    expect(store.getState().hasOlder).toBe(true);
    store.getState().appendOlder([makeAlert({ id: 'a4', at: 4, read: true }), makeAlert({ id: 'a2', at: 2 }), makeAlert({ id: 'a3', at: 3, read: true })], false);
    expect(store.getState().alerts.map((a) => a.id)).toEqual(['a5', 'a4', 'a3', 'a2']);
    expect(store.getState().unread).toBe(2);
    expect(store.getState().hasOlder).toBe(false);
  });
});
