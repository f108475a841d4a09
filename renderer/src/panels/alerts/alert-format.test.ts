import { describe, expect, it } from 'vitest';
import { ALERT_KINDS, KIND_LABELS, atLeast, formatAlertTime, suppressionText, unreadBadge } from './alert-format';

describe('alert format', () => {
  it('labels every kind the engine knows', () => {
    expect([...ALERT_KINDS].sort()).toEqual(Object.keys(KIND_LABELS).sort());
  });

  it('says why a push was held back', () => {
    expect(suppressionText('duplicate')).toContain('de-dup window');
    expect(suppressionText('rate-limit')).toContain('rate limit');
    expect(suppressionText('quiet-hours')).toContain('quiet hours');
  });

  it('orders severities', () => {
    expect(atLeast('critical', 'warning')).toBe(true);
    expect(atLeast('warning', 'warning')).toBe(true);
    expect(atLeast('info', 'warning')).toBe(false);
  });

  it('shows the time alone today and the date on another day', () => {
    const now = new Date(2026, 2, 3, 15, 0, 0).getTime();
    expect(formatAlertTime(new Date(2026, 2, 3, 12, 4, 31).getTime(), now)).toBe('12:04:31');
    expect(formatAlertTime(new Date(2026, 2, 1, 9, 5, 0).getTime(), now)).toBe('1 Mar 09:05');
  });

  it('keeps the badge short', () => {
    expect(unreadBadge(7)).toBe('7');
    expect(unreadBadge(99)).toBe('99');
    expect(unreadBadge(100)).toBe('99+');
  });
});
