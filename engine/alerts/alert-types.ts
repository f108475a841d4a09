import { z } from 'zod';

/**
 * The alerts contract: what the alert centre, the rules editor and the Telegram settings see.
 * In-app delivery is always on; desktop and Telegram pushes follow the rules and quiet hours.
 */
export const ALERT_KINDS = ['proposal', 'fill', 'kill-switch', 'regime', 'whale', 'sentiment-spike', 'system'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_CHANNELS = ['in-app', 'desktop', 'telegram'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

/** Why a push was held back; the alert itself is always kept in the alert centre. */
export type AlertSuppression = 'duplicate' | 'rate-limit' | 'quiet-hours';

export type AlertView = {
  readonly id: string;
  readonly at: number;
  readonly kind: AlertKind;
  readonly severity: AlertSeverity;
  readonly title: string;
  readonly body: string;
  readonly symbol: string | null;
  readonly proposalId: string | null;
  readonly read: boolean;
  /** Where it was delivered. */
  readonly channels: readonly AlertChannel[];
  readonly suppressed: AlertSuppression | null;
};

export type AlertKindRule = {
  readonly enabled: boolean;
  readonly channels: { readonly desktop: boolean; readonly telegram: boolean };
  readonly minSeverity?: AlertSeverity;
  /** whale: minimum USD value; sentiment-spike: minimum |score move|; fill: minimum notional USD. */
  readonly threshold?: number;
};

export type QuietHours = {
  readonly enabled: boolean;
  /** 'HH:MM' in the trader's local time (UTC + utcOffsetMinutes); the window may cross midnight. */
  readonly start: string;
  readonly end: string;
  readonly utcOffsetMinutes: number;
  /** Critical alerts are still pushed during quiet hours. */
  readonly allowCritical: boolean;
};

export type AlertRules = {
  readonly kinds: Readonly<Record<AlertKind, AlertKindRule>>;
  readonly dedupWindowSeconds: number;
  readonly rateLimitPerMinute: number;
  readonly quietHours: QuietHours;
};

export type TelegramState = 'off' | 'connecting' | 'running' | 'error';

export type TelegramStatusView = {
  readonly configured: boolean;
  readonly enabled: boolean;
  readonly state: TelegramState;
  readonly message: string | null;
  readonly botUsername: string | null;
  readonly allowedChatIds: readonly string[];
};

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day as 'HH:MM' (00:00 to 23:59)");

const kindRuleSchema = z
  .object({
    enabled: z.boolean(),
    channels: z.object({ desktop: z.boolean(), telegram: z.boolean() }).strict(),
    minSeverity: z.enum(ALERT_SEVERITIES).optional(),
    threshold: z.number().finite().min(0).max(1e12).optional(),
  })
  .strict();

export const alertRulesSchema = z
  .object({
    kinds: z
      .object({
        proposal: kindRuleSchema,
        fill: kindRuleSchema,
        'kill-switch': kindRuleSchema,
        regime: kindRuleSchema,
        whale: kindRuleSchema,
        'sentiment-spike': kindRuleSchema,
        system: kindRuleSchema,
      })
      .strict(),
    dedupWindowSeconds: z.number().int().min(0).max(24 * 3600),
    rateLimitPerMinute: z.number().int().min(1).max(600),
    quietHours: z
      .object({
        enabled: z.boolean(),
        start: clockTime,
        end: clockTime,
        utcOffsetMinutes: z.number().int().min(-14 * 60).max(14 * 60),
        allowCritical: z.boolean(),
      })
      .strict(),
  })
  .strict() satisfies z.ZodType<AlertRules>;

/** Telegram chat ids: a user id or a group/channel id (negative), as digits. */
export const chatIdSchema = z.string().trim().regex(/^-?\d{1,20}$/, 'a Telegram chat id is a number such as 123456789 or -1001234567890');

/** A token as BotFather gives it: the bot's numeric id, a colon, then 30+ URL-safe characters. */
export const botTokenSchema = z.string().trim().regex(/^\d{3,20}:[A-Za-z0-9_-]{30,60}$/, "a bot token as BotFather gives it, such as '123456:ABC-DEF…'");

export const DEFAULT_ALERT_RULES: AlertRules = {
  kinds: {
    proposal: { enabled: true, channels: { desktop: true, telegram: true } },
    fill: { enabled: true, channels: { desktop: true, telegram: true }, threshold: 0 },
    'kill-switch': { enabled: true, channels: { desktop: true, telegram: true } },
    regime: { enabled: true, channels: { desktop: false, telegram: false } },
    whale: { enabled: true, channels: { desktop: false, telegram: false }, threshold: 1_000_000 },
    'sentiment-spike': { enabled: true, channels: { desktop: false, telegram: false }, threshold: 0.3 },
    system: { enabled: true, channels: { desktop: true, telegram: true } },
  },
  dedupWindowSeconds: 300,
  rateLimitPerMinute: 20,
  quietHours: { enabled: false, start: '22:00', end: '07:00', utcOffsetMinutes: 0, allowCritical: true },
};

export type AlertQuery = { readonly limit: number; readonly before?: number; readonly unreadOnly: boolean };
export type TelegramSettingsInput = { readonly enabled?: boolean; readonly allowedChatIds?: readonly string[]; readonly botToken?: string };
export type AlertTestResult = { readonly delivered: boolean; readonly message: string };

/** What the alerts API needs from the alert engine and the Telegram bot (built in create-alerts.ts). */
export type AlertsPort = {
  list(query: AlertQuery): readonly AlertView[];
  markRead(ids: readonly string[] | 'all'): { unread: number };
  rules(): AlertRules;
  setRules(rules: AlertRules): AlertRules;
  telegram(): TelegramStatusView;
  /** The bot token is write-only: stored in the secret store, never returned. */
  setTelegram(settings: TelegramSettingsInput): Promise<TelegramStatusView>;
  test(channel: AlertChannel): Promise<AlertTestResult>;
};

