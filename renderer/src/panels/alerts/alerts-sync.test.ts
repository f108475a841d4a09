import { describe, expect, it } from 'vitest';
import { EngineClient } from '../../engine-client/engine-client';
import { FakeTransport } from '../../testing/fake-transport';
import { makeAlert, makeTelegram } from './alert-fixtures';
import { createAlertsStore } from './alerts-store';
import { LOAD_ALERTS, LOAD_UNREAD, loadOlderAlerts, markAlertsRead, startAlertsSync } from './alerts-sync';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function setUp() {
  const transport = new FakeTransport();
  const client = new EngineClient(transport);
  client.start();
  const store = createAlertsStore();
  const stop = startAlertsSync(client, store);
  transport.welcome();
  const answered = new Set<number>();
  /** Answers every waiting call of these methods; a function gets the call's params. */
  const answer = (results: Record<string, unknown | ((params: unknown) => unknown)>, failures: Record<string, string> = {}) => {
    for (const call of transport.sentOf('call')) {
      if (answered.has(call.id)) continue;
      if (call.method in results) {
        const result = results[call.method];
        transport.deliver({ type: 'result', id: call.id, result: typeof result === 'function' ? (result as (params: unknown) => unknown)(call.params) : result });
      } else if (call.method in failures) transport.deliver({ type: 'error', id: call.id, error: { type: 'AlertsNotReadyError', message: failures[call.method]! } });
      else continue;
      answered.add(call.id);
    }
  };
  const event = (stream: string, seq: number, payload: unknown) => transport.deliver({ type: 'event', stream, seq, payload });
  return { transport, client, store, stop, answer, event };
}

/** alerts.list answers: the newest page, or the unread ones. */
const lists = (recent: unknown[], unread: unknown[]) => ({
  'alerts.list': (params: unknown) => ((params as { unreadOnly?: boolean }).unreadOnly ? unread : recent),
});

describe('alerts sync', () => {
  it('loads the newest and the unread alerts and the bot status on welcome, then follows the streams', async () => {
    const { transport, store, answer, event } = setUp();
    expect(transport.sentOf('subscribe').flatMap((m) => Object.keys(m.streams))).toEqual(expect.arrayContaining(['alerts.raised', 'alerts.status']));
    expect(transport.sentOf('call').map((c) => [c.method, c.params])).toEqual([
      ['alerts.list', { limit: LOAD_ALERTS }],
      ['alerts.list', { limit: LOAD_UNREAD, unreadOnly: true }],
      ['alerts.telegram', {}],
    ]);
    answer({ ...lists([makeAlert({ id: 'a2', at: 2, read: true })], [makeAlert({ id: 'a1', at: 1 })]), 'alerts.telegram': makeTelegram() });
    await flush();
    expect(store.getState().alerts.map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(store.getState().unread).toBe(1);
    expect(store.getState().telegram?.state).toBe('off');

    event('alerts.raised', 1, makeAlert({ id: 'a3', at: 3, severity: 'critical', kind: 'kill-switch' }));
    expect(store.getState().alerts[0]!.id).toBe('a3');
    expect(store.getState().unread).toBe(2);
    expect(store.getState().toasts.map((t) => t.alert.id)).toEqual(['a3']);
    event('alerts.status', 1, makeTelegram({ configured: true, enabled: true, state: 'running', botUsername: 'stratus_bot' }));
    expect(store.getState().telegram?.botUsername).toBe('stratus_bot');
  });

  it('keeps an alert raised while the list was loading', async () => {
    const { store, answer, event } = setUp();
    event('alerts.raised', 1, makeAlert({ id: 'new', at: 5 }));
    // The engine's answer was read before the new alert was stored.
    answer({ ...lists([makeAlert({ id: 'old', at: 1, read: true })], []), 'alerts.telegram': makeTelegram() });
    await flush();
    expect(store.getState().alerts.map((a) => a.id)).toEqual(['new', 'old']);
    expect(store.getState().unread).toBe(1);
  });

  it('reloads after a gap in the alerts stream, and only the alerts', async () => {
    const { transport, store, answer } = setUp();
    answer({ ...lists([makeAlert({ id: 'a1', at: 1 })], [makeAlert({ id: 'a1', at: 1 })]), 'alerts.telegram': makeTelegram() });
    await flush();
    const before = transport.sentOf('call').length;
    transport.deliver({ type: 'gap', stream: 'alerts.raised', after: 0, resumedAt: 40 });
    expect(transport.sentOf('call').slice(before).map((c) => c.method)).toEqual(['alerts.list', 'alerts.list']);
    answer(lists([makeAlert({ id: 'a9', at: 9 }), makeAlert({ id: 'a1', at: 1, read: true })], [makeAlert({ id: 'a9', at: 9 })]));
    await flush();
    expect(store.getState().alerts.map((a) => a.id)).toEqual(['a9', 'a1']);
    expect(store.getState().unread).toBe(1);
    // Reloaded alerts are not news: no toast for them.
    expect(store.getState().toasts).toEqual([]);
  });

  it('reloads for a restarted engine but not after a reconnect to the same one', async () => {
    const { transport, answer } = setUp();
    answer({ ...lists([], []), 'alerts.telegram': makeTelegram() });
    await flush();
    const count = () => transport.sentOf('call').filter((c) => c.method === 'alerts.list').length;
    transport.drop();
    transport.welcome('engine-1');
    expect(count()).toBe(2);
    transport.drop();
    transport.welcome('engine-2');
    expect(count()).toBe(4);
  });

  it('says why the alerts could not be loaded, and clears it when a later load works', async () => {
    const { transport, store, answer } = setUp();
    answer({ 'alerts.telegram': makeTelegram() }, { 'alerts.list': 'alerts are not available in this engine yet' });
    await flush();
    expect(store.getState().loadError).toBe('alerts are not available in this engine yet');
    expect(store.getState().loaded).toBe(false);
    transport.deliver({ type: 'gap', stream: 'alerts.raised', after: 0, resumedAt: 1 });
    answer(lists([makeAlert()], []));
    await flush();
    expect(store.getState().loadError).toBeNull();
    expect(store.getState().alerts).toHaveLength(1);
  });

  it('stops following the engine when stopped', async () => {
    const { transport, store, stop, answer, event } = setUp();
    stop();
    answer({ ...lists([makeAlert()], []), 'alerts.telegram': makeTelegram() });
    await flush();
    event('alerts.raised', 1, makeAlert({ id: 'late' }));
    expect(store.getState().alerts).toEqual([]);
    expect(transport.sentOf('unsubscribe').flatMap((m) => m.streams)).toEqual(expect.arrayContaining(['alerts.raised', 'alerts.status']));
  });

  it('marks read in the window at once and takes the engine’s count; a refusal is returned', async () => {
    const { transport, client, store, answer } = setUp();
    answer({ ...lists([makeAlert({ id: 'a1', at: 1 }), makeAlert({ id: 'a2', at: 2 })], []), 'alerts.telegram': makeTelegram() });
    await flush();
    const one = markAlertsRead(client, store, ['a1']);
    expect(store.getState().unread).toBe(1);
    expect(transport.lastCall()).toMatchObject({ method: 'alerts.markRead', params: { ids: ['a1'] } });
    answer({ 'alerts.markRead': { unread: 4 } });
    expect(await one).toBeNull();
    expect(store.getState().unread).toBe(4);

    const all = markAlertsRead(client, store, 'all');
    expect(transport.lastCall()).toMatchObject({ method: 'alerts.markRead', params: { all: true } });
    answer({}, { 'alerts.markRead': 'the engine said no' });
    expect(await all).toBe('the engine said no');
    expect(store.getState().alerts.every((a) => a.read)).toBe(true);

    // Nothing to mark: nothing sent.
    const calls = transport.sentOf('call').length;
    expect(await markAlertsRead(client, store, [])).toBeNull();
    expect(transport.sentOf('call')).toHaveLength(calls);
  });

  it('pages back from the oldest alert shown, while the pages are full', async () => {
    const { transport, client, store, answer } = setUp();
    const page = (from: number) => Array.from({ length: LOAD_ALERTS }, (_, i) => makeAlert({ id: `a${from - i}`, at: from - i, read: true }));
    answer({ ...lists(page(1_000), []), 'alerts.telegram': makeTelegram() });
    await flush();
    expect(store.getState().hasOlder).toBe(true);
    const older = loadOlderAlerts(client, store);
    // From the oldest shown millisecond, so alerts sharing it are not skipped.
    expect(transport.lastCall()).toMatchObject({ method: 'alerts.list', params: { limit: LOAD_ALERTS, before: 1_000 - LOAD_ALERTS + 2 } });
    answer({ 'alerts.list': [makeAlert({ id: `a${1_000 - LOAD_ALERTS + 1}`, at: 1_000 - LOAD_ALERTS + 1, read: true }), makeAlert({ id: 'a1', at: 1 })] });
    expect(await older).toBeNull();
    expect(store.getState().alerts).toHaveLength(LOAD_ALERTS + 1);
    expect(store.getState().alerts.at(-1)!.id).toBe('a1');
    expect(store.getState().unread).toBe(1);
    expect(store.getState().hasOlder).toBe(false);

    const failing = loadOlderAlerts(client, store);
    answer({}, { 'alerts.list': 'the engine is stopping' });
    expect(await failing).toBe('the engine is stopping');
  });
});
