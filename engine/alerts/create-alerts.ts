import type Database from 'better-sqlite3';
import type { Clock } from '../core/clock';
import { newId } from '../core/ids';
import type { MessageBus } from '../core/message-bus';
import { SecretStoreError, type SecretStore } from '../secrets/secret-store';
import { AlertEngine, ALERTS_RAISED_TOPIC, ALERTS_STATUS_TOPIC } from './alert-engine';
import { AlertStore } from './alert-store';
import type { AlertChannel, AlertsPort, AlertView, TelegramSettingsInput, TelegramStatusView } from './alert-types';
import type { DesktopNotifier } from './desktop-notifier';
import type { RiskView } from '../execution/execution-views';
import { TelegramBot, type TelegramApprovals } from './telegram/telegram-bot';

export type TelegramOptions = {
  /** A local Bot API server (tests, a self-hosted server); Telegram's own by default. */
  readonly apiRoot?: string;
  readonly pollTimeoutSeconds?: number;
};

export type AlertsDeps = {
  readonly db: Database.Database;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly secrets: () => Promise<SecretStore>;
  readonly approvals: TelegramApprovals;
  readonly riskState?: () => RiskView['state'];
  readonly desktop?: DesktopNotifier;
  readonly telegram?: TelegramOptions;
  readonly log: (message: string, error?: unknown) => void;
};

export type Alerts = {
  readonly engine: AlertEngine;
  readonly bot: TelegramBot;
  readonly store: AlertStore;
  readonly port: AlertsPort;
  readonly component: { readonly name: string; start(): Promise<void>; stop(): Promise<void> };
};

/** The alert engine, the Telegram bot and the alerts API port of one engine. */
export function createAlerts(deps: AlertsDeps): Alerts {
  const store = new AlertStore(deps.db);
  const bot = new TelegramBot({
    store,
    clock: deps.clock,
    approvals: deps.approvals,
    token: async () => (await deps.secrets()).get('telegram'),
    onStatus: (status) => {
      deps.bus.publish(ALERTS_STATUS_TOPIC, status);
      onTelegramStatus(status);
    },
    log: (message) => deps.log(message),
    ...deps.telegram,
  });
  // A bot that stops working is itself worth an alert (in the alert centre and on the desktop); rate-limit
  // waits are routine and only show in the status.
  let lastState: TelegramStatusView['state'] = 'off';
  function onTelegramStatus(status: TelegramStatusView): void {
    const failed = status.state === 'error' && lastState !== 'error' && !status.message?.startsWith('Telegram rate limit');
    lastState = status.state;
    if (!failed) return;
    const revoked = status.message?.includes('401') ?? false;
    engine.raise({ kind: 'system', severity: revoked ? 'critical' : 'warning', title: revoked ? 'Telegram: bot token refused' : 'Telegram: not working', body: status.message ?? 'the bot stopped', symbol: null, proposalId: null, dedupKey: `system:telegram:${revoked ? 'revoked' : 'error'}`, notVia: 'telegram' });
  }
  const engine = new AlertEngine({ bus: deps.bus, clock: deps.clock, store, desktop: deps.desktop, telegram: bot, riskState: deps.riskState, log: deps.log });

  const setTelegram = async (input: TelegramSettingsInput) => {
    if (input.botToken !== undefined) {
      const secrets = await deps.secrets();
      if (!secrets.writable) throw new SecretStoreError(`${secrets.location} is read-only here; set the bot token where the engine is started`);
      await secrets.set('telegram', input.botToken);
    }
    const current = store.telegram();
    store.setTelegram({ enabled: input.enabled ?? current.enabled, allowedChatIds: input.allowedChatIds ? [...new Set(input.allowedChatIds)] : current.allowedChatIds }, deps.clock.now());
    // Only a new token or switch needs a new connection; a new allow-list applies at once.
    if (input.botToken !== undefined || input.enabled !== undefined) return bot.restart();
    bot.refreshSettings();
    return bot.view();
  };

  const test = async (channel: AlertChannel) => {
    const at = deps.clock.now();
    const alert: AlertView = { id: newId(at), at, kind: 'system', severity: 'info', title: 'Test alert', body: `A test of the ${channel} channel from Stratus.`, symbol: null, proposalId: null, read: false, channels: [channel], suppressed: null };
    if (channel === 'in-app') {
      store.insert(alert, `test:${alert.id}`);
      deps.bus.publish(ALERTS_RAISED_TOPIC, alert);
      return { delivered: true, message: 'a test alert is in the alert centre' };
    }
    if (channel === 'desktop') {
      if (!deps.desktop) return { delivered: false, message: 'this engine runs without a desktop (stratus serve): no native notifications' };
      deps.desktop.notify({ title: alert.title, body: alert.body, severity: alert.severity, tag: alert.id });
      return { delivered: true, message: 'a desktop notification was shown' };
    }
    const status = bot.view();
    if (!bot.running) return { delivered: false, message: `Telegram is ${status.state}${status.message ? `: ${status.message}` : ''}` };
    if (status.allowedChatIds.length === 0) return { delivered: false, message: 'no chat is on the allow-list' };
    const delivered = await bot.send(alert);
    return { delivered, message: delivered ? `sent to ${status.allowedChatIds.length} chat(s)` : `Telegram did not take the message${bot.view().message ? `: ${bot.view().message}` : ''}` };
  };

  const port: AlertsPort = {
    list: (query) => store.list(query),
    markRead: (ids) => ({ unread: store.markRead(ids) }),
    rules: () => engine.rules(),
    setRules: (rules) => engine.setRules(rules),
    telegram: () => bot.view(),
    setTelegram,
    test,
  };

  return {
    engine,
    bot,
    store,
    port,
    component: {
      name: 'alerts',
      start: async () => {
        engine.start();
        // The bot connects in the background: an unreachable Telegram must not hold the engine's start.
        void bot.restart().catch((error: unknown) => deps.log('starting the Telegram bot failed', error));
      },
      stop: async () => {
        engine.stop();
        await bot.stop();
      },
    },
  };
}
