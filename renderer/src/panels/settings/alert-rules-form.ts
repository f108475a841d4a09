import type { AlertKind, AlertKindRule, AlertRules, AlertSeverity } from '../../engine-client/api-types';
import { ALERT_KINDS, KIND_LABELS } from '../alerts/alert-format';

/** Kinds with a threshold: what it measures, in which unit, and its largest sensible value. */
export const THRESHOLDS: Readonly<Partial<Record<AlertKind, { readonly label: string; readonly unit: string; readonly max: number }>>> = {
  whale: { label: 'Min transfer value', unit: 'USD', max: 1e12 },
  'sentiment-spike': { label: 'Min score move', unit: '|Δ score|', max: 2 },
  fill: { label: 'Min fill notional', unit: 'USD', max: 1e12 },
};

export const MAX_DEDUP_SECONDS = 24 * 3600;
export const MAX_RATE_PER_MINUTE = 600;
/** UTC offsets in use on Earth run from −12:00 to +14:00; the engine takes ±14:00. */
export const MAX_OFFSET_MINUTES = 14 * 60;

export type KindDraft = {
  readonly enabled: boolean;
  readonly desktop: boolean;
  readonly telegram: boolean;
  /** '' = every severity. */
  readonly minSeverity: AlertSeverity | '';
  readonly threshold: string;
};

export type RulesDraft = {
  readonly kinds: Readonly<Record<AlertKind, KindDraft>>;
  readonly dedupWindowSeconds: string;
  readonly rateLimitPerMinute: string;
  readonly quietEnabled: boolean;
  readonly quietStart: string;
  readonly quietEnd: string;
  readonly utcOffsetMinutes: number;
  readonly allowCritical: boolean;
};

/** Field names of the problems: 'dedupWindowSeconds', 'quietStart', 'threshold.whale'… */
export type RulesProblems = Readonly<Record<string, string>>;

export function rulesDraft(rules: AlertRules): RulesDraft {
  const kinds = Object.fromEntries(
    ALERT_KINDS.map((kind) => {
      const rule = rules.kinds[kind];
      return [kind, { enabled: rule.enabled, desktop: rule.channels.desktop, telegram: rule.channels.telegram, minSeverity: rule.minSeverity ?? '', threshold: rule.threshold === undefined ? '' : String(rule.threshold) }];
    }),
  ) as Record<AlertKind, KindDraft>;
  return {
    kinds,
    dedupWindowSeconds: String(rules.dedupWindowSeconds),
    rateLimitPerMinute: String(rules.rateLimitPerMinute),
    quietEnabled: rules.quietHours.enabled,
    quietStart: rules.quietHours.start,
    quietEnd: rules.quietHours.end,
    utcOffsetMinutes: rules.quietHours.utcOffsetMinutes,
    allowCritical: rules.quietHours.allowCritical,
  };
}

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * Reads the form back into rules the engine accepts, or says what is wrong with each field. Numbers are
 * checked against the engine's own bounds, so a save is refused here with a reason rather than there.
 */
export function parseRules(draft: RulesDraft): { ok: true; rules: AlertRules } | { ok: false; problems: RulesProblems } {
  const problems: Record<string, string> = {};
  const kinds = {} as Record<AlertKind, AlertKindRule>;
  for (const kind of ALERT_KINDS) {
    const d = draft.kinds[kind];
    const spec = THRESHOLDS[kind];
    let threshold: number | undefined;
    if (spec) {
      const text = d.threshold.trim();
      const value = Number(text);
      if (text === '' || !Number.isFinite(value)) problems[`threshold.${kind}`] = `${KIND_LABELS[kind].label}: the threshold must be a number`;
      else if (value < 0) problems[`threshold.${kind}`] = `${KIND_LABELS[kind].label}: the threshold must be zero or more`;
      else if (value > spec.max) problems[`threshold.${kind}`] = `${KIND_LABELS[kind].label}: the threshold must be at most ${spec.max.toLocaleString('en-US')}`;
      else threshold = value;
    }
    kinds[kind] = {
      enabled: d.enabled,
      channels: { desktop: d.desktop, telegram: d.telegram },
      ...(d.minSeverity === '' ? {} : { minSeverity: d.minSeverity }),
      ...(threshold === undefined ? {} : { threshold }),
    };
  }
  const dedup = wholeNumber(draft.dedupWindowSeconds, 0, MAX_DEDUP_SECONDS, 'The de-duplication window');
  if (typeof dedup === 'string') problems.dedupWindowSeconds = dedup;
  const rate = wholeNumber(draft.rateLimitPerMinute, 1, MAX_RATE_PER_MINUTE, 'The rate limit');
  if (typeof rate === 'string') problems.rateLimitPerMinute = rate;
  const start = draft.quietStart.trim();
  const end = draft.quietEnd.trim();
  if (!CLOCK.test(start)) problems.quietStart = 'Start must be a time of day as HH:MM (00:00 to 23:59)';
  if (!CLOCK.test(end)) problems.quietEnd = 'End must be a time of day as HH:MM (00:00 to 23:59)';
  // An empty window would silently never apply: quiet hours switched on must cover some time.
  else if (draft.quietEnabled && start === end) problems.quietEnd = 'End must differ from start';
  if (!Number.isInteger(draft.utcOffsetMinutes) || Math.abs(draft.utcOffsetMinutes) > MAX_OFFSET_MINUTES) problems.utcOffsetMinutes = 'The UTC offset must be between −14:00 and +14:00';
  if (Object.keys(problems).length > 0 || typeof dedup === 'string' || typeof rate === 'string') return { ok: false, problems };
  return {
    ok: true,
    rules: {
      kinds,
      dedupWindowSeconds: dedup,
      rateLimitPerMinute: rate,
      quietHours: { enabled: draft.quietEnabled, start, end, utcOffsetMinutes: draft.utcOffsetMinutes, allowCritical: draft.allowCritical },
    },
  };
}

function wholeNumber(text: string, min: number, max: number, what: string): number | string {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return `${what} must be a number`;
  if (!Number.isInteger(value)) return `${what} must be a whole number`;
  if (value < min || value > max) return `${what} must be between ${min} and ${max.toLocaleString('en-US')}`;
  return value;
}

/** "UTC+05:30", "UTC−03:00", "UTC" for an offset in minutes east of UTC. */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '−';
  const abs = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Every offset a quiet-hours clock may take, in quarter hours. */
export const UTC_OFFSETS: readonly number[] = Array.from({ length: (2 * MAX_OFFSET_MINUTES) / 15 + 1 }, (_, i) => -MAX_OFFSET_MINUTES + i * 15);

/** This computer's offset now (minutes east of UTC), for "use my time zone". */
export function localUtcOffset(at: Date = new Date()): number {
  // getTimezoneOffset counts minutes west of UTC; zero stays zero rather than −0.
  return 0 - at.getTimezoneOffset();
}

/** Which kinds would push to Telegram while the bot cannot send: worth a warning beside the rules. */
export function telegramKindsWithoutBot(draft: RulesDraft, botReady: boolean): AlertKind[] {
  if (botReady) return [];
  return ALERT_KINDS.filter((kind) => draft.kinds[kind].enabled && draft.kinds[kind].telegram);
}
