import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { AlertRules } from '../engine/api/types';
import { TelegramBotApiServer } from '../engine/testing/fixture-servers/telegram-bot-api';
import { ARTIFACTS, TOKEN } from './serve-process';
import { PAPER_SERIES as SERIES, startPaperTrading, type PaperTrading } from './paper-trading';

const BOT_TOKEN = '7012345678:AAHe2eTokenNeverShownZq9xW7vU5tS3rQ1';

test.describe('the alert centre shows what the engine raised, and the alert rules and Telegram settings are kept by the engine', () => {
  let trading: PaperTrading;
  let telegram: TelegramBotApiServer;
  let serve: PaperTrading['serve'];
  let api: PaperTrading['api'];
  let secrets: string;

  test.beforeEach(async () => {
    // A local Bot API server stands in for Telegram: the bot, once enabled, talks to it and nothing else.
    telegram = new TelegramBotApiServer(BOT_TOKEN);
    await telegram.start();
    trading = await startPaperTrading({ historySeed: 11, barSeed: 300, serveArgs: ['--telegram-api-root', telegram.apiRoot] });
    ({ serve, api, secrets } = trading);
  });
  test.afterEach(async () => {
    await trading.stop();
    await telegram.stop();
  });

  async function open(page: Page): Promise<void> {
    await page.goto(`${serve.url}#token=${TOKEN}`);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
    await expect(page.getByTestId('mode-badge')).toHaveAttribute('data-mode', 'paper');
  }

  const unreadInEngine = async (): Promise<number> => (await api.call('alerts.list', { unreadOnly: true, limit: 1_000 })).length;

  test('a proposal and the kill switch raise alerts: the bell counts them, the centre lists them, read marks reach the engine', async ({ page }) => {
    await open(page);
    await expect(page.getByTestId('alert-bell')).toBeVisible();
    await expect(page.getByTestId('alert-unread')).toHaveCount(0);

    // A strategy's signal becomes a proposal; the engine raises a proposal alert, shown live.
    await api.call('strategy.attach', { strategy: 'sma-cross', series: SERIES, params: { fast: 3, slow: 8 } });
    await trading.barsUntilProposal();
    const [proposal] = (await api.call('approvals.list', {})).filter((p) => p.status === 'pending');
    const [raised] = await api.call('alerts.list', { limit: 1 });
    expect(raised).toMatchObject({ kind: 'proposal', proposalId: proposal!.id, read: false });
    await expect(page.getByTestId('alert-unread')).toHaveText(String(await unreadInEngine()));
    // A proposal alert is a warning: it pops up, with the way to the queue.
    const toast = page.locator(`[data-testid="alert-toast"][data-alert-id="${raised!.id}"]`);
    await expect(toast).toBeVisible();
    await expect(toast).toContainText(raised!.title);
    await page.screenshot({ path: `${ARTIFACTS}/b0-alert-toast-proposal.png`, animations: 'disabled' });
    // The toast leads to the proposal: selected in the queue, which has the keyboard; the alert is read.
    await toast.getByTestId('alert-toast-open').click();
    await expect(page.getByTestId('approval-queue')).toBeFocused();
    await expect(page.locator(`[data-testid="proposal"][data-proposal-id="${proposal!.id}"]`)).toHaveAttribute('data-selected', 'true');
    await expect.poll(async () => (await api.call('alerts.list', { limit: 200 })).find((a) => a.id === raised!.id)?.read).toBe(true);
    await expect(page.getByTestId('alert-unread')).toHaveCount(0);

    // The kill switch, from the top bar; resumed from the risk panel, then halted again: the halts are
    // critical alerts (a halt repeated within the de-dup window is kept, marked as a duplicate and read).
    const kill = async (): Promise<void> => {
      await page.getByTestId('trading-bar').getByTestId('kill-switch').click();
      await expect(page.getByTestId('risk-chip')).toHaveText('HALTED');
    };
    await kill();
    await page.getByTestId('tab-risk').click();
    await page.getByTestId('risk-panel').getByTestId('resume').click();
    await page.getByTestId('risk-panel').getByTestId('resume-confirm').click();
    await expect(page.getByTestId('risk-chip')).toHaveCount(0);
    await kill();
    const unreadHalt = async () => (await api.call('alerts.list', { limit: 50 })).find((a) => a.kind === 'kill-switch' && a.severity === 'critical' && !a.read);
    await expect.poll(async () => (await unreadHalt()) !== undefined).toBe(true);
    const halted = (await unreadHalt())!;
    await expect(page.locator(`[data-testid="alert-toast"][data-alert-id="${halted.id}"]`)).toHaveAttribute('role', 'alert');
    await expect(page.getByTestId('alert-unread')).toHaveText(String(await unreadInEngine()));
    await page.screenshot({ path: `${ARTIFACTS}/b1-alert-toast-kill-switch.png`, animations: 'disabled' });
    // Toasts slide in, unless the system asks for reduced motion.
    const haltToast = page.locator(`[data-testid="alert-toast"][data-alert-id="${halted.id}"]`);
    expect(await haltToast.evaluate((element) => getComputedStyle(element).animationName)).toBe('alert-toast-in');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await haltToast.evaluate((element) => getComputedStyle(element).animationName)).toBe('none');

    // The centre: newest first, each with severity, kind, time and where it went.
    await page.getByTestId('alert-bell').click();
    const centre = page.getByTestId('alert-centre');
    await expect(centre).toBeVisible();
    const engineOrder = (await api.call('alerts.list', { limit: 200 })).map((a) => a.id);
    await expect(centre.getByTestId('alert-item')).toHaveCount(engineOrder.length);
    expect(await centre.getByTestId('alert-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-alert-id')))).toEqual(engineOrder);
    const haltedItem = centre.locator(`[data-alert-id="${halted.id}"]`);
    await expect(haltedItem).toHaveAttribute('data-severity', 'critical');
    await expect(haltedItem).toContainText('Kill switch');
    await expect(haltedItem.getByTestId('alert-delivery')).toContainText('In-app');
    await centre.screenshot({ path: `${ARTIFACTS}/b2-alert-centre.png` });
    await page.screenshot({ path: `${ARTIFACTS}/b3-alert-centre-open.png` });

    // Mark one read: the engine has it read, the count drops by one.
    const before = await unreadInEngine();
    await haltedItem.getByTestId('alert-mark-read').click();
    await expect(haltedItem).toHaveAttribute('data-read', 'true');
    await expect.poll(unreadInEngine).toBe(before - 1);
    await expect(page.getByTestId('alert-unread')).toHaveText(String(before - 1));
    expect((await api.call('alerts.list', { limit: 200 })).find((a) => a.id === halted.id)?.read).toBe(true);

    // Esc closes and hands the keyboard back to the bell; Enter opens it again.
    await page.keyboard.press('Escape');
    await expect(centre).toHaveCount(0);
    await expect(page.getByTestId('alert-bell')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(centre).toBeVisible();

    // The halt took the proposal out of the queue: its alert now says so instead of selecting it.
    await centre.locator(`[data-alert-id="${raised!.id}"]`).getByTestId('alert-open-proposal').click();
    await expect(centre).toHaveCount(0);
    await expect(page.getByTestId('proposal-gone')).toContainText('no longer waiting');
    await page.getByTestId('panel-approvals').screenshot({ path: `${ARTIFACTS}/b4-decided-proposal-from-alert.png` });

    // Mark all read: nothing unread in the engine, no badge on the bell.
    await page.getByTestId('alert-bell').click();
    await centre.getByTestId('alert-mark-all').click();
    await expect.poll(unreadInEngine).toBe(0);
    await expect(page.getByTestId('alert-unread')).toHaveCount(0);
    await expect(centre.locator('[data-testid="alert-item"][data-read="false"]')).toHaveCount(0);
  });

  test('alert rules edited in the window are the engine’s rules; the Telegram section never shows the token', async ({ page }) => {
    await open(page);
    await page.getByTestId('alert-bell').click();
    await page.getByTestId('alert-open-rules').click();
    const dialog = page.getByTestId('settings-dialog');
    const form = dialog.getByTestId('alert-rules-form');
    await expect(form).toBeVisible();
    const original: AlertRules = await api.call('alerts.rules', {});
    const whale = form.locator('[data-testid="alert-rule"][data-kind="whale"]');
    await expect(whale.getByTestId('rule-threshold')).toHaveValue(String(original.kinds.whale.threshold));

    // Bad values are refused in the window, and the engine keeps its rules.
    await whale.getByTestId('rule-threshold').fill('-5');
    await form.getByTestId('rule-rate').fill('0');
    await form.getByTestId('save-alert-rules').click();
    await expect(form.getByTestId('alert-rules-status')).toContainText('Fix the marked fields');
    await expect(form).toContainText('Whale: the threshold must be zero or more');
    await expect(form).toContainText('The rate limit must be between 1 and 600');
    await page.screenshot({ path: `${ARTIFACTS}/b5-alert-rules-invalid.png` });
    expect(await api.call('alerts.rules', {})).toEqual(original);

    await whale.getByTestId('rule-threshold').fill('2500000');
    await whale.getByTestId('rule-telegram').check();
    await form.locator('[data-testid="alert-rule"][data-kind="regime"]').getByTestId('rule-enabled').uncheck();
    await form.locator('[data-testid="alert-rule"][data-kind="fill"]').getByTestId('rule-severity').selectOption('warning');
    await form.getByTestId('rule-rate').fill('12');
    await form.getByTestId('rule-dedup').fill('90');
    await form.getByTestId('quiet-enabled').check({ force: true });
    await form.getByTestId('quiet-start').fill('23:15');
    await form.getByTestId('quiet-end').fill('06:45');
    await form.getByTestId('quiet-offset').selectOption('120');
    await form.getByTestId('quiet-allow-critical').uncheck();
    await form.getByTestId('save-alert-rules').click();
    await expect(form.getByTestId('alert-rules-status')).toHaveText('Alert rules saved.');
    await page.screenshot({ path: `${ARTIFACTS}/b6-alert-rules-saved.png` });
    expect(await api.call('alerts.rules', {})).toEqual({
      ...original,
      kinds: {
        ...original.kinds,
        whale: { ...original.kinds.whale, threshold: 2_500_000, channels: { ...original.kinds.whale.channels, telegram: true } },
        regime: { ...original.kinds.regime, enabled: false },
        fill: { ...original.kinds.fill, minSeverity: 'warning' },
      },
      rateLimitPerMinute: 12,
      dedupWindowSeconds: 90,
      quietHours: { enabled: true, start: '23:15', end: '06:45', utcOffsetMinutes: 120, allowCritical: false },
    });

    // Telegram: the token is stored and never shown; the bot stays off until switched on.
    await dialog.getByTestId('settings-telegram').click();
    const section = dialog.getByTestId('telegram-section');
    await expect(section.getByTestId('telegram-status')).toHaveAttribute('data-state', 'off');
    await expect(section.getByTestId('telegram-token-state')).toHaveText('no token stored');
    await expect(section.getByTestId('telegram-token')).toHaveAttribute('type', 'password');
    await section.getByTestId('telegram-token').fill('not a token');
    await section.getByTestId('save-telegram-token').click();
    await expect(section.getByTestId('telegram-feedback')).toContainText('not a bot token');
    await section.getByTestId('telegram-token').fill(BOT_TOKEN);
    await section.getByTestId('save-telegram-token').click();
    await expect(section.getByTestId('telegram-token-state')).toHaveAttribute('data-stored', 'true');
    await expect(section.getByTestId('telegram-token')).toHaveValue('');
    await section.getByTestId('telegram-chats').fill('123456789\n-1001234567890');
    await section.getByTestId('save-telegram-chats').click();
    await expect(section.getByTestId('telegram-feedback')).toHaveText('2 chats allowed.');
    expect(await api.call('alerts.telegram', {})).toMatchObject({ configured: true, enabled: false, state: 'off', allowedChatIds: ['123456789', '-1001234567890'] });
    expect(telegram.calls).toEqual([]);

    // Test alerts while the bot is off: in-app lands in the centre; desktop and Telegram say why they were not sent.
    await section.getByTestId('send-test-in-app').click();
    await expect(section.getByTestId('test-result-in-app')).toHaveAttribute('data-delivered', 'true');
    await section.getByTestId('send-test-desktop').click();
    await expect(section.getByTestId('test-result-desktop')).toHaveAttribute('data-delivered', 'false');
    await section.getByTestId('send-test-telegram').click();
    await expect(section.getByTestId('test-result-telegram')).toHaveAttribute('data-delivered', 'false');
    await expect(section.getByTestId('test-result-telegram')).toContainText('Telegram is off');

    // Switched on, the bot reaches the (local) Bot API with the stored token: running, under its name.
    // The switch follows the engine: it moves once the engine has taken the change.
    await section.getByTestId('telegram-enabled').click({ force: true });
    await expect(section.getByTestId('telegram-enabled')).toBeChecked();
    await expect(section.getByTestId('telegram-status')).toHaveAttribute('data-state', 'running');
    await expect(section.getByTestId('telegram-status')).toContainText('@stratus_test_bot');
    await section.getByTestId('send-test-telegram').click();
    await expect(section.getByTestId('test-result-telegram')).toHaveAttribute('data-delivered', 'true');
    await expect.poll(() => telegram.messages.filter((m) => m.text.includes('Test alert')).map((m) => m.chat.id).sort()).toEqual([-1001234567890, 123456789]);
    await page.screenshot({ path: `${ARTIFACTS}/b7-telegram-settings.png` });
    // Neither the page, nor the engine's answers, nor its secrets file holds the token in clear.
    const status = await api.call('alerts.telegram', {});
    expect(status).toMatchObject({ configured: true, enabled: true, state: 'running', botUsername: 'stratus_test_bot' });
    expect(await page.content()).not.toContain(BOT_TOKEN);
    expect(JSON.stringify(status)).not.toContain(BOT_TOKEN);
    expect(readFileSync(join(secrets, 'secrets.enc')).toString('latin1')).not.toContain(BOT_TOKEN);

    await dialog.getByRole('button', { name: 'Close settings' }).click();
    await expect(page.getByTestId('alert-unread')).toHaveText('1');
    await page.getByTestId('alert-bell').click();
    const centre = page.getByTestId('alert-centre');
    await expect(centre.getByTestId('alert-item').first()).toContainText('Test alert');
    await expect(centre.getByTestId('alert-telegram-state')).toHaveText('Telegram: running as @stratus_test_bot');
    await centre.screenshot({ path: `${ARTIFACTS}/b8-alert-centre-test-alert.png` });
  });
});
