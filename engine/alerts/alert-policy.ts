import type { AlertSeverity, QuietHours } from './alert-types';

const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { info: 0, warning: 1, critical: 2 };

export function atLeast(severity: AlertSeverity, min: AlertSeverity | undefined): boolean {
  return min === undefined || SEVERITY_RANK[severity] >= SEVERITY_RANK[min];
}

function minutesOf(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Whether `at` falls inside the quiet hours, read in the trader's time zone; the window may cross midnight. */
export function inQuietHours(quiet: QuietHours, at: number): boolean {
  if (!quiet.enabled) return false;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  const local = (((Math.floor(at / 60_000) + quiet.utcOffsetMinutes) % 1440) + 1440) % 1440;
  return start < end ? local >= start && local < end : local >= start || local < end;
}

/** Remembers when each key last raised an alert: the same key within the window is a duplicate. */
export class Deduplicator {
  private readonly last = new Map<string, number>();

  /** True when `key` was seen within `windowMs` before `at`; otherwise remembers it now. */
  isDuplicate(key: string, at: number, windowMs: number): boolean {
    const previous = this.last.get(key);
    if (previous !== undefined && at - previous < windowMs) return true;
    this.last.set(key, at);
    if (this.last.size > 10_000) this.prune(at, windowMs);
    return false;
  }

  private prune(at: number, windowMs: number): void {
    for (const [key, time] of this.last) if (at - time >= windowMs) this.last.delete(key);
  }
}

/** A sliding one-minute window per channel: at most `perMinute` pushes in any 60 s. */
export class ChannelRateLimiter {
  private readonly sent = new Map<string, number[]>();

  /** Takes a slot for `channel` at `at` when one is free. */
  take(channel: string, at: number, perMinute: number): boolean {
    const recent = (this.sent.get(channel) ?? []).filter((time) => at - time < 60_000);
    if (recent.length >= perMinute) {
      this.sent.set(channel, recent);
      return false;
    }
    recent.push(at);
    this.sent.set(channel, recent);
    return true;
  }
}
