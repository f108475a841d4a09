import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../kernel/create-engine';
import { FileSecretStore } from '../secrets/file-secret-store';
import { eventually } from '../testing/eventually';
import { proposalView } from '../testing/proposal-view';
import { TelegramBotApiServer } from '../testing/fixture-servers/telegram-bot-api';
import { tempDir } from '../testing/temp-dir';
import type { AlertView, TelegramStatusView } from './alert-types';
import type { DesktopNotification } from './desktop-notifier';

const TOKEN = '7012345678:AAH-test_token-0123456789abcdefghijklm';

/** The alerts API port in a whole engine: a writable secret store (passphrase file), the desktop notifier, Telegram. */
describe('alerts in an engine', () => {
  let dir: ReturnType<typeof tempDir>;
  let engine: Engine;
  let telegram: TelegramBotApiServer;
  let shown: DesktopNotification[];
  let statuses: TelegramStatusView[];
  let raised: AlertView[];

  beforeEach(async () => {
    dir = tempDir();
    telegram = new TelegramBotApiServer(TOKEN);
    await telegram.start();
    shown = [];
    const store = new FileSecretStore(join(dir.path, 'secrets.json'), 'correct horse battery');
    engine = createEngine({
      databasePath: join(dir.path, 'stratus.db'),
      host: 'serve',
      strategiesDir: null,
      resumeWatchlist: false,
      secrets: async () => store,
      desktopNotifier: { notify: (n) => shown.push(n) },
      telegram: { apiRoot: telegram.apiRoot, pollTimeoutSeconds: 1 },
    });
    statuses = [];
    raised = [];
    engine.bus.subscribe<TelegramStatusView>('alerts.status', (s) => statuses.push(s));
    engine.bus.subscribe<AlertView>('alerts.raised', (a) => raised.push(a));
    await engine.kernel.start();
  });

  afterEach(async () => {
    await engine.kernel.stop();
    await telegram.stop();
    dir.remove();
  });

  it('stores the token in the secret store (never SQLite), connects, and sends test alerts on each channel', async () => {
    const { port } = engine.alerts;
    await eventually(() => expect(port.telegram()).toMatchObject({ configured: false, enabled: false, state: 'off' }));
    expect(await port.test('telegram')).toEqual({ delivered: false, message: 'Telegram is off' });
    await port.setTelegram({ botToken: TOKEN, enabled: true, allowedChatIds: ['5001', '-1009'] });
    await eventually(() => expect(port.telegram()).toMatchObject({ configured: true, state: 'running', botUsername: 'stratus_test_bot', allowedChatIds: ['5001', '-1009'] }));
    expect(statuses.map((s) => s.state)).toContain('connecting');
    expect(await (await engine.secrets()).get('telegram')).toBe(TOKEN);
    const dump = engine.db.prepare("SELECT group_concat(value, ' ') AS v FROM alert_settings").get() as { v: string };
    expect(dump.v).not.toContain(TOKEN.split(':')[1]);

    expect(await port.test('telegram')).toEqual({ delivered: true, message: 'sent to 2 chat(s)' });
    expect(telegram.messages.map((m) => m.chat.id)).toEqual([5001, -1009]);
    expect(await port.test('desktop')).toEqual({ delivered: true, message: 'a desktop notification was shown' });
    expect(shown).toMatchObject([{ title: 'Test alert', severity: 'info' }]);
    expect(await port.test('in-app')).toMatchObject({ delivered: true });
    expect(raised.map((a) => a.kind)).toEqual(['system']);
    expect(port.list({ limit: 10, unreadOnly: true })).toHaveLength(1);
    expect(port.markRead('all')).toEqual({ unread: 0 });

    // A new allow-list applies without reconnecting; switching off stops the bot.
    const calls = telegram.calls.filter((c) => c === 'getMe').length;
    expect(await port.setTelegram({ allowedChatIds: ['5001'] })).toMatchObject({ state: 'running', allowedChatIds: ['5001'] });
    expect(telegram.calls.filter((c) => c === 'getMe').length).toBe(calls);
    expect(await port.setTelegram({ enabled: false })).toMatchObject({ state: 'off', enabled: false, configured: true });
  });

  it('raises a kill-switch alert from the risk engine and shows it on the desktop', async () => {
    await engine.trading.kill('test halt', { kind: 'trader', via: 'ui' });
    await eventually(() => expect(raised.find((a) => a.kind === 'kill-switch')).toMatchObject({ severity: 'critical', channels: ['in-app', 'desktop'] }));
    expect(shown.at(-1)).toMatchObject({ title: 'Kill switch: trading halted', severity: 'critical' });
  });

  it('asks Telegram about a pending proposal, not about one a policy decided as it was proposed', async () => {
    const { port } = engine.alerts;
    await port.setTelegram({ botToken: TOKEN, enabled: true, allowedChatIds: ['5001'] });
    await eventually(() => expect(port.telegram().state).toBe('running'));
    const now = Date.now();
    // A policy's approval is published in the same moment as the proposal itself.
    const auto = proposalView('auto-1', now);
    engine.bus.publish('approvals.proposal', auto);
    engine.bus.publish('approvals.proposal', { ...auto, status: 'submitted', decidedAt: now, decidedBy: { kind: 'policy', policy: 'auto-paper-only' } });
    engine.bus.publish('approvals.proposal', proposalView('manual-1', now));
    await eventually(() => expect(telegram.messages).toHaveLength(1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(telegram.messages).toHaveLength(1);
    expect(telegram.messages[0]!.reply_markup!.inline_keyboard[0]![0]!.callback_data).toContain('manual-1');
    expect(raised.filter((a) => a.kind === 'proposal').map((a) => a.proposalId)).toEqual(['auto-1', 'manual-1']);
  });

  it('reports an unreachable Bot API server without the token, backs off, and raises one system alert', async () => {
    await telegram.stop();
    await engine.alerts.port.setTelegram({ botToken: TOKEN, enabled: true, allowedChatIds: ['5001'] });
    await eventually(() => expect(engine.alerts.port.telegram()).toMatchObject({ state: 'error', message: expect.stringMatching(/^Telegram could not be reached: .*ECONNREFUSED.*; trying again in \d+ s$/) as unknown }));
    const secretPart = TOKEN.split(':')[1]!;
    expect(engine.alerts.port.telegram().message).toContain('/bot<token>/getMe');
    expect(statuses.every((s) => !JSON.stringify(s).includes(secretPart))).toBe(true);
    expect(raised.filter((a) => a.kind === 'system')).toMatchObject([{ title: 'Telegram: not working', severity: 'warning', channels: ['in-app', 'desktop'] }]);
    expect(raised[0]!.body).not.toContain(secretPart);
  });
});
