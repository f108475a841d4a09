import type { AlertRules, AlertView, TelegramStatusView } from '../../engine-client/api-types';

/** Hand-made views for the alert tests, shaped as the engine sends them. */
export function makeAlert(extra: Partial<AlertView> = {}): AlertView {
  return {
    id: 'a1',
    at: 1_000_000,
    kind: 'fill',
    severity: 'info',
    title: 'Filled BUY 0.25 BTCUSDT',
    body: '0.25 at 40,000.00 on sim',
    symbol: 'BTCUSDT',
    proposalId: null,
    read: false,
    channels: ['in-app'],
    suppressed: null,
    ...extra,
  };
}

export function makeRules(): AlertRules {
  return {
    kinds: {
      proposal: { enabled: true, channels: { desktop: true, telegram: true } },
      fill: { enabled: true, channels: { desktop: true, telegram: false }, threshold: 0 },
      'kill-switch': { enabled: true, channels: { desktop: true, telegram: true } },
      regime: { enabled: true, channels: { desktop: false, telegram: false } },
      whale: { enabled: true, channels: { desktop: false, telegram: false }, threshold: 1_000_000 },
      'sentiment-spike': { enabled: false, channels: { desktop: false, telegram: false }, threshold: 0.3 },
      system: { enabled: true, channels: { desktop: true, telegram: true }, minSeverity: 'warning' },
    },
    dedupWindowSeconds: 300,
    rateLimitPerMinute: 20,
    quietHours: { enabled: false, start: '22:00', end: '07:00', utcOffsetMinutes: 60, allowCritical: true },
  };
}

export function makeTelegram(extra: Partial<TelegramStatusView> = {}): TelegramStatusView {
  return { configured: false, enabled: false, state: 'off', message: null, botUsername: null, allowedChatIds: [], ...extra };
}
