import { describe, expect, it } from 'vitest';
import { makeRules } from '../alerts/alert-fixtures';
import { UTC_OFFSETS, formatUtcOffset, localUtcOffset, parseRules, rulesDraft, telegramKindsWithoutBot, type RulesDraft } from './alert-rules-form';

const draft = (change: (d: RulesDraft) => RulesDraft = (d) => d): RulesDraft => change(rulesDraft(makeRules()));
const withKind = (d: RulesDraft, kind: keyof RulesDraft['kinds'], change: Partial<RulesDraft['kinds'][typeof kind]>): RulesDraft => ({
  ...d,
  kinds: { ...d.kinds, [kind]: { ...d.kinds[kind], ...change } },
});

describe('alert rules form', () => {
  it('reads back exactly the rules it was filled from', () => {
    expect(parseRules(draft())).toEqual({ ok: true, rules: makeRules() });
  });

  it('reads edits: switches, channels, least severity, thresholds, de-dup, rate limit and quiet hours', () => {
    const edited = draft((d) => ({
      ...withKind(withKind(withKind(d, 'whale', { threshold: ' 250000 ', telegram: true }), 'system', { minSeverity: '' }), 'regime', { enabled: false, minSeverity: 'critical' }),
      dedupWindowSeconds: '0',
      rateLimitPerMinute: '600',
      quietEnabled: true,
      quietStart: '23:30',
      quietEnd: '06:15',
      utcOffsetMinutes: -330,
      allowCritical: false,
    }));
    const result = parseRules(edited);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.rules.kinds.whale).toEqual({ enabled: true, channels: { desktop: false, telegram: true }, threshold: 250_000 });
    expect(result.rules.kinds.system).toEqual({ enabled: true, channels: { desktop: true, telegram: true } });
    expect(result.rules.kinds.regime).toEqual({ enabled: false, channels: { desktop: false, telegram: false }, minSeverity: 'critical' });
    expect(result.rules.dedupWindowSeconds).toBe(0);
    expect(result.rules.rateLimitPerMinute).toBe(600);
    expect(result.rules.quietHours).toEqual({ enabled: true, start: '23:30', end: '06:15', utcOffsetMinutes: -330, allowCritical: false });
  });

  it('names every bad field, with the engine’s bounds', () => {
    const result = parseRules(
      draft((d) => ({
        ...withKind(withKind(withKind(d, 'whale', { threshold: 'lots' }), 'sentiment-spike', { threshold: '2.5' }), 'fill', { threshold: '-1' }),
        dedupWindowSeconds: '1.5',
        rateLimitPerMinute: '0',
        quietStart: '24:00',
        quietEnd: '7:00',
        utcOffsetMinutes: 15 * 60,
      })),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual({
      'threshold.whale': 'Whale: the threshold must be a number',
      'threshold.sentiment-spike': 'Sentiment spike: the threshold must be at most 2',
      'threshold.fill': 'Fill: the threshold must be zero or more',
      dedupWindowSeconds: 'The de-duplication window must be a whole number',
      rateLimitPerMinute: 'The rate limit must be between 1 and 600',
      quietStart: 'Start must be a time of day as HH:MM (00:00 to 23:59)',
      quietEnd: 'End must be a time of day as HH:MM (00:00 to 23:59)',
      utcOffsetMinutes: 'The UTC offset must be between −14:00 and +14:00',
    });
  });

  it('refuses empty numbers and an empty quiet window, but not a same-time window that is switched off', () => {
    const empty = parseRules(draft((d) => ({ ...d, dedupWindowSeconds: ' ', rateLimitPerMinute: '601' })));
    expect(empty.ok ? null : empty.problems).toEqual({
      dedupWindowSeconds: 'The de-duplication window must be a number',
      rateLimitPerMinute: 'The rate limit must be between 1 and 600',
    });
    const same = (quietEnabled: boolean) => parseRules(draft((d) => ({ ...d, quietEnabled, quietStart: '22:00', quietEnd: '22:00' })));
    expect(same(true).ok ? null : same(true)).toMatchObject({ problems: { quietEnd: 'End must differ from start' } });
    expect(same(false).ok).toBe(true);
  });

  it('writes UTC offsets and offers every quarter hour from −14:00 to +14:00', () => {
    expect(formatUtcOffset(0)).toBe('UTC');
    expect(formatUtcOffset(330)).toBe('UTC+05:30');
    expect(formatUtcOffset(-210)).toBe('UTC−03:30');
    expect(UTC_OFFSETS[0]).toBe(-840);
    expect(UTC_OFFSETS.at(-1)).toBe(840);
    expect(UTC_OFFSETS).toContain(345);
    expect(UTC_OFFSETS).toContain(localUtcOffset());
    expect(Object.is(localUtcOffset(new Date(0)), -0)).toBe(false);
  });

  it('lists the kinds that would push to a Telegram bot that is not running', () => {
    expect(telegramKindsWithoutBot(draft(), true)).toEqual([]);
    // sentiment-spike pushes nowhere and is off; fill does not push to Telegram.
    expect(telegramKindsWithoutBot(draft(), false)).toEqual(['proposal', 'kill-switch', 'system']);
  });
});
