import type { AlertSeverity } from './alert-types';

/** A native notification, as the host shows it; `tag` groups repeats of one alert. */
export type DesktopNotification = { readonly title: string; readonly body: string; readonly severity: AlertSeverity; readonly tag: string };

/**
 * Native notifications on the trader's desktop. The desktop host injects one (its utility process asks
 * Electron's main to show a Notification); a headless engine has none, and the desktop channel then
 * delivers nothing.
 */
export type DesktopNotifier = { notify(notification: DesktopNotification): void };
