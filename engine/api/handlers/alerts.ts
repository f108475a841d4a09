import { z } from 'zod';
import { EngineError } from '../../core/errors';
import {
  ALERT_CHANNELS,
  alertRulesSchema,
  botTokenSchema,
  chatIdSchema,
  type AlertChannel,
  type AlertRules,
  type AlertView,
  type TelegramStatusView,
} from '../../alerts/alert-types';
import { defineHandler } from '../define-handler';
import { idInput, limitInput } from './trading-schemas';

export type AlertQuery = { readonly limit: number; readonly before?: number; readonly unreadOnly: boolean };
export type TelegramSettingsInput = { readonly enabled?: boolean; readonly allowedChatIds?: readonly string[]; readonly botToken?: string };
export type AlertTestResult = { readonly delivered: boolean; readonly message: string };

/** What the alerts API needs from the alert engine and the Telegram bot. */
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

/** Alerts are not wired into this engine (yet); every call says so. */
export class AlertsNotReadyError extends EngineError {
  constructor() {
    super('alerts are not available in this engine yet', 'operational');
  }
}

export function createAlertsHandlers(port: AlertsPort) {
  return {
    /** Alerts newest first. */
    'alerts.list': defineHandler(
      z
        .object({ limit: limitInput(1_000, 200), before: z.number().int().positive().optional(), unreadOnly: z.boolean().default(false) })
        .strict(),
      (query) => port.list(query),
    ),
    'alerts.markRead': defineHandler(
      z
        .object({ ids: z.array(idInput).min(1).max(1_000).optional(), all: z.boolean().optional() })
        .strict()
        .refine((input) => (input.ids !== undefined) !== (input.all === true), { message: 'give either ids or all: true' }),
      ({ ids }) => port.markRead(ids ?? 'all'),
    ),
    'alerts.rules': defineHandler(z.object({}).strict(), () => port.rules()),
    'alerts.setRules': defineHandler(alertRulesSchema, (rules) => port.setRules(rules)),
    'alerts.telegram': defineHandler(z.object({}).strict(), () => port.telegram()),
    'alerts.setTelegram': defineHandler(
      z
        .object({ enabled: z.boolean().optional(), allowedChatIds: z.array(chatIdSchema).max(50).optional(), botToken: botTokenSchema.optional() })
        .strict(),
      (settings) => port.setTelegram(settings),
    ),
    /** Sends a test alert through one channel and says whether it got there. */
    'alerts.test': defineHandler(z.object({ channel: z.enum(ALERT_CHANNELS) }).strict(), ({ channel }) => port.test(channel)),
  };
}

/** The port of an engine without alerts: every method rejects with a clear message. */
export const NOT_READY_ALERTS: AlertsPort = {
  list: () => {
    throw new AlertsNotReadyError();
  },
  markRead: () => {
    throw new AlertsNotReadyError();
  },
  rules: () => {
    throw new AlertsNotReadyError();
  },
  setRules: () => {
    throw new AlertsNotReadyError();
  },
  telegram: () => {
    throw new AlertsNotReadyError();
  },
  setTelegram: () => Promise.reject(new AlertsNotReadyError()),
  test: () => Promise.reject(new AlertsNotReadyError()),
};

export type AlertsHandlers = ReturnType<typeof createAlertsHandlers>;
