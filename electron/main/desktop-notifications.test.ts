import { beforeEach, describe, expect, it, vi } from 'vitest';

const fakes = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  class FakeNotification extends EventEmitter {
    static supported = true;
    static created: FakeNotification[] = [];
    static isSupported(): boolean {
      return FakeNotification.supported;
    }
    shown = 0;
    constructor(readonly options: { title: string; body: string; urgency: string; silent: boolean }) {
      super();
      FakeNotification.created.push(this);
    }
    show(): void {
      this.shown += 1;
    }
  }
  return { FakeNotification };
});

vi.mock('electron', () => ({ Notification: fakes.FakeNotification }));

const { createDesktopNotifications } = await import('./desktop-notifications');

describe('desktop notifications', () => {
  beforeEach(() => {
    fakes.FakeNotification.created = [];
    fakes.FakeNotification.supported = true;
  });

  it('shows an alert as a native notification; a click focuses the main window', () => {
    const focus = vi.fn();
    const notifications = createDesktopNotifications(focus);
    expect(notifications.show({ type: 'notify', title: 'Kill switch: trading halted', body: 'ACTIVE → HALTED', severity: 'critical', tag: 'a1' })).toBe(true);
    const [shown] = fakes.FakeNotification.created;
    expect(shown!.options).toEqual({ title: 'Kill switch: trading halted', body: 'ACTIVE → HALTED', urgency: 'critical', silent: false });
    expect(shown!.shown).toBe(1);
    expect(focus).not.toHaveBeenCalled();
    shown!.emit('click');
    expect(focus).toHaveBeenCalledTimes(1);
  });

  it('keeps info alerts silent, cuts long texts, and does nothing where notifications are not supported', () => {
    const notifications = createDesktopNotifications(() => {});
    notifications.show({ type: 'notify', title: 'x'.repeat(300), body: 'y'.repeat(2_000), severity: 'info', tag: 't' });
    expect(fakes.FakeNotification.created[0]!.options).toMatchObject({ urgency: 'normal', silent: true });
    expect(fakes.FakeNotification.created[0]!.options.title).toHaveLength(120);
    expect(fakes.FakeNotification.created[0]!.options.body).toHaveLength(500);
    fakes.FakeNotification.supported = false;
    expect(notifications.show({ type: 'notify', title: 't', body: 'b', severity: 'warning', tag: 't' })).toBe(false);
    expect(fakes.FakeNotification.created).toHaveLength(1);
  });
});
