import type { AlertChannel, AlertKind, AlertSeverity, AlertSuppression } from '../../engine-client/api-types';

/** Every kind of alert, in the order the rules list them. */
export const ALERT_KINDS = ['proposal', 'fill', 'kill-switch', 'regime', 'whale', 'sentiment-spike', 'system'] as const satisfies readonly AlertKind[];

/** A short label and a one-glyph icon per kind: the icon for scanning, the label for reading (and screen readers). */
export const KIND_LABELS: Readonly<Record<AlertKind, { readonly label: string; readonly icon: string }>> = {
  proposal: { label: 'Proposal', icon: '⚑' },
  fill: { label: 'Fill', icon: '✓' },
  'kill-switch': { label: 'Kill switch', icon: '⊘' },
  regime: { label: 'Regime', icon: '◐' },
  whale: { label: 'Whale', icon: '⇄' },
  'sentiment-spike': { label: 'Sentiment spike', icon: '↯' },
  system: { label: 'System', icon: '⚙' },
};

export const SEVERITY_LABELS: Readonly<Record<AlertSeverity, string>> = { info: 'Info', warning: 'Warning', critical: 'Critical' };

const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { info: 0, warning: 1, critical: 2 };

/** True when `severity` is at least `floor`. */
export function atLeast(severity: AlertSeverity, floor: AlertSeverity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[floor];
}

const CHANNEL_LABELS: Readonly<Record<AlertChannel, string>> = { 'in-app': 'In-app', desktop: 'Desktop', telegram: 'Telegram' };

export function channelLabel(channel: AlertChannel): string {
  return CHANNEL_LABELS[channel];
}

/** Why pushes (desktop, Telegram) were held back, in the trader's words. */
export function suppressionText(reason: AlertSuppression): string {
  switch (reason) {
    case 'duplicate':
      return 'Push held back: same alert within the de-dup window';
    case 'rate-limit':
      return 'Push held back: rate limit reached';
    case 'quiet-hours':
      return 'Push held back: quiet hours';
  }
}

/** "12:04:31" today, "3 Mar 12:04" on another day: a list of alerts spans days. */
export function formatAlertTime(at: number, now: number): string {
  const date = new Date(at);
  const today = new Date(now);
  const time = date.toLocaleTimeString('en-GB', { hour12: false });
  if (date.getFullYear() === today.getFullYear() && date.getMonth() === today.getMonth() && date.getDate() === today.getDate()) return time;
  return `${date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${time.slice(0, 5)}`;
}

/** The count on the bell: exact up to 99, then "99+" so the badge keeps its size. */
export function unreadBadge(unread: number): string {
  return unread > 99 ? '99+' : String(unread);
}
