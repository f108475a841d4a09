/**
 * Native notifications for the engine's alerts: the engine's utility process sends a 'notify' message,
 * main shows it with Electron's Notification; a click brings the main window forward.
 */
import { Notification } from 'electron';
import type { NotifyMessage } from '../../engine/hosts/utility-process-protocol';

/** Longest title and body shown: the OS truncates anyway, and the alert centre has the whole text. */
const MAX_TITLE = 120;
const MAX_BODY = 500;

export type DesktopNotifications = { show(message: NotifyMessage): boolean };

export function createDesktopNotifications(focusMainWindow: () => void): DesktopNotifications {
  // Electron drops the click handler of a notification that was garbage-collected: keep each until it is done.
  const live = new Set<Notification>();
  return {
    show(message) {
      if (!Notification.isSupported()) return false;
      const notification = new Notification({
        title: message.title.slice(0, MAX_TITLE),
        body: message.body.slice(0, MAX_BODY),
        urgency: message.severity === 'critical' ? 'critical' : 'normal',
        silent: message.severity === 'info',
      });
      live.add(notification);
      const done = (): void => void live.delete(notification);
      notification.on('click', () => {
        done();
        focusMainWindow();
      });
      notification.on('close', done);
      notification.on('failed', done);
      notification.show();
      return true;
    },
  };
}
