import { z } from 'zod';
import {
  ALERT_CHANNELS,
  alertRulesSchema,
  botTokenSchema,
  chatIdSchema,
  type AlertsPort,
} from '../../alerts/alert-types';
import { defineHandler } from '../define-handler';
import { idInput, limitInput } from './trading-schemas';

export type { AlertQuery, AlertsPort, AlertTestResult, TelegramSettingsInput } from '../../alerts/alert-types';

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

export type AlertsHandlers = ReturnType<typeof createAlertsHandlers>;
