import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProposalView } from '../../execution/execution-views';
import { LIVE_CONFIRMATION } from '../../execution/execution-views';
import type { RunningServe } from '../../hosts/serve';
import type { BybitEmulator } from '../../testing/bybit-emulator/bybit-emulator';
import { eventually } from '../../testing/eventually';
import type { FixtureMessage, TelegramBotApiServer } from '../../testing/fixture-servers/telegram-bot-api';
import { startTelegramServe, type TelegramServe } from '../../testing/telegram-serve';
import { tempDir } from '../../testing/temp-dir';
import { flatMinuteBar, startTradingServe, UP_ONCE_STRATEGY } from '../../testing/trading-serve';
import type { WsTestClient } from '../../testing/ws-test-client';
import type { AlertView, TelegramStatusView } from '../alert-types';
import { CallbackSigner } from './callback-data';

const BOT_TOKEN = '7012345678:AAH-test_token-0123456789abcdefghijklm';
const TRADER = 424242;
const STRANGER = 999001;
const series = { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' } as const;
const bar = flatMinuteBar;

/**
 * Telegram approvals end to end: `stratus serve` in live mode against the Bybit emulator, its bot talking
 * to a local Bot API server; a signal becomes a proposal, the proposal a Telegram message with buttons,
 * and a tap from the allowed chat places the order at the emulator.
 */
describe('Telegram approvals through stratus serve', () => {
  let t: TelegramServe;
  let serve: RunningServe;
  let client: WsTestClient;
  let emulator: BybitEmulator;
  let telegram: TelegramBotApiServer;
  let statuses: () => TelegramStatusView[];

  beforeEach(async () => {
    t = await startTelegramServe(BOT_TOKEN, TRADER);
    ({ serve, client, emulator, telegram, statuses } = t);
    const status = await client.call('alerts.telegram', {});
    expect(status).toMatchObject({ configured: true, enabled: true, state: 'running', allowedChatIds: [String(TRADER)], botUsername: 'stratus_test_bot' });
    expect(JSON.stringify(status)).not.toContain(BOT_TOKEN);
  });

  afterEach(async () => {
    await t.close();
  });

  async function proposalMessage(): Promise<{ proposal: ProposalView; message: FixtureMessage; approve: string; reject: string }> {
    const { proposal, message } = await t.proposalMessage();
    const [approve, reject] = message.reply_markup!.inline_keyboard[0]!;
    expect(message.chat.id).toBe(TRADER);
    expect(message.text).toContain('Buy 0.066 BTCUSDT');
    expect([approve!.text, reject!.text]).toEqual(['Approve', 'Reject']);
    for (const data of [approve!.callback_data!, reject!.callback_data!]) {
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      expect(data).toContain(proposal.id);
    }
    const alert = client.events.find((e) => e.stream === 'alerts.raised')!.payload as AlertView;
    expect(alert).toMatchObject({ kind: 'proposal', proposalId: proposal.id, channels: ['in-app', 'telegram'], suppressed: null });
    return { proposal, message, approve: approve!.callback_data!, reject: reject!.callback_data! };
  }

  const ordersAtVenue = (clientOrderId: string | undefined) => emulator.account.allOrders().filter((o) => o.orderLinkId === clientOrderId);

  it('a tap on Approve from the allowed chat places the order once; a second tap and other chats do nothing', async () => {
    const { proposal, message, approve } = await proposalMessage();

    // A stranger's chat, and a stranger in the allowed chat's place: refused, nothing decided.
    const fromStranger = telegram.tap({ chatId: STRANGER, userId: STRANGER, messageId: message.message_id, data: approve });
    expect((await telegram.answerTo(fromStranger)).text).toBe('not allowed');
    const strangerInGroup = telegram.tap({ chatId: TRADER, userId: STRANGER, messageId: message.message_id, data: approve });
    expect((await telegram.answerTo(strangerInGroup)).text).toBe('not allowed');
    expect((await client.call('approvals.list', {}))[0]).toMatchObject({ id: proposal.id, status: 'pending' });

    // Two taps at once (a double tap arrives in one batch of updates): one acts.
    const tap = telegram.tap({ chatId: TRADER, userId: TRADER, messageId: message.message_id, data: approve });
    const twin = telegram.tap({ chatId: TRADER, userId: TRADER, messageId: message.message_id, data: approve });
    expect((await telegram.answerTo(tap)).text).toBe('✅ Approved — order sent');
    expect((await telegram.answerTo(twin)).text).toBe('Already done.');
    const [decided] = await client.call('approvals.list', { status: ['submitted'] });
    expect(decided).toMatchObject({ id: proposal.id, decidedBy: { kind: 'trader', via: 'telegram' } });
    expect(ordersAtVenue(decided!.clientOrderId)).toHaveLength(1);

    const again = telegram.tap({ chatId: TRADER, userId: TRADER, messageId: message.message_id, data: approve });
    expect((await telegram.answerTo(again)).text).toBe('Already done.');
    expect(ordersAtVenue(decided!.clientOrderId)).toHaveLength(1);
    expect((await client.call('orders.list', {})).filter((o) => o.proposalId === proposal.id)).toHaveLength(1);

    // The message shows the outcome and has no buttons left.
    await eventually(() => expect(telegram.messages.find((m) => m.message_id === message.message_id)).toMatchObject({ text: expect.stringMatching(/^✅ Approved — order sent \(Telegram\)/) as unknown }));
    expect(telegram.messages.find((m) => m.message_id === message.message_id)!.reply_markup).toBeUndefined();

    const audit = serve.engine.alerts.store.callbacks();
    expect(audit.map((r) => [r.outcome, r.chatId, r.userId, r.detail])).toEqual([
      ['refused', String(TRADER), String(TRADER), 'already acted on'],
      ['refused', String(TRADER), String(TRADER), 'already acted on'],
      ['acted', String(TRADER), String(TRADER), 'approve: submitted'],
      ['refused', String(TRADER), String(STRANGER), 'not allowed: chat or user is not on the allow-list'],
      ['refused', String(STRANGER), String(STRANGER), 'not allowed: chat or user is not on the allow-list'],
    ]);
    const approvals = await client.call('approvals.audit', { proposalId: proposal.id });
    expect(approvals.filter((e) => e.action === 'approved')).toHaveLength(1);
  });

  it('refuses a tampered or expired button, then Reject rejects and the message says so', async () => {
    const { proposal, message, reject } = await proposalMessage();
    const tampered = reject.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    const forged = `a${reject.slice(1)}`; // Reject's signature on an Approve
    const expired = new CallbackSigner(BOT_TOKEN).sign({ action: 'approve', proposalId: proposal.id, expiresAt: Date.now() - 1_000 });
    const otherToken = new CallbackSigner('7012345678:AAH-another-token-0123456789abcdefghij').sign({ action: 'approve', proposalId: proposal.id, expiresAt: Date.now() + 60_000 });
    for (const [data, expected] of [
      [tampered, 'This button is not valid.'],
      [forged, 'This button is not valid.'],
      [otherToken, 'This button is not valid.'],
      ['a:not-a-callback', 'This button is not valid.'],
      // Its time ran out, but the proposal is offered until later: a button of no message it has now.
      [expired, 'This button is out of date: use the latest message of this proposal.'],
    ] as const) {
      const id = telegram.tap({ chatId: TRADER, userId: TRADER, messageId: message.message_id, data });
      expect((await telegram.answerTo(id)).text).toBe(expected);
    }
    expect((await client.call('approvals.list', {}))[0]).toMatchObject({ id: proposal.id, status: 'pending' });
    expect(emulator.account.allOrders()).toHaveLength(0);

    const tap = telegram.tap({ chatId: TRADER, userId: TRADER, messageId: message.message_id, data: reject });
    expect((await telegram.answerTo(tap)).text).toBe('❌ Rejected');
    expect((await client.call('approvals.list', { status: ['rejected'] }))[0]).toMatchObject({ id: proposal.id, reason: 'rejected on Telegram', decidedBy: { kind: 'trader', via: 'telegram' } });
    await eventually(() => expect(telegram.messages[0]!.text).toMatch(/^❌ Rejected \(Telegram\)/));
    expect(emulator.account.allOrders()).toHaveLength(0);
  });

  it('a proposal approved in the window edits the Telegram message; its buttons then do nothing', async () => {
    const { proposal, message, approve } = await proposalMessage();
    await client.call('approvals.approve', { id: proposal.id });
    await eventually(() => expect(telegram.messages[0]!.text).toMatch(/^✅ Approved — order sent \(desktop\)/));
    const tap = telegram.tap({ chatId: TRADER, userId: TRADER, messageId: message.message_id, data: approve });
    expect((await telegram.answerTo(tap)).text).toBe(`proposal ${proposal.id} is submitted, no longer open for a decision`);
    expect(emulator.account.allOrders()).toHaveLength(1);
    expect(serve.engine.alerts.store.callbacks()[0]).toMatchObject({ outcome: 'refused', detail: expect.stringContaining('approve refused') as unknown });
  });

  it('a revoked token (401) gives a clear status and the engine keeps running; switching the bot on again reconnects', async () => {
    telegram.revoke();
    await eventually(() => expect(statuses().at(-1)).toMatchObject({ state: 'error', message: expect.stringContaining('401') as unknown }));
    expect(await client.call('alerts.telegram', {})).toMatchObject({ state: 'error', botUsername: null });
    await eventually(() => expect(client.events.map((e) => e.payload as AlertView).find((a) => a.kind === 'system')).toMatchObject({ severity: 'critical', title: 'Telegram: bot token refused' }));
    expect(await client.call('alerts.test', { channel: 'telegram' })).toMatchObject({ delivered: false, message: expect.stringContaining('401') as unknown });
    // The engine still serves everything else.
    expect((await client.call('alerts.test', { channel: 'in-app' })).delivered).toBe(true);
    expect(await client.call('alerts.test', { channel: 'desktop' })).toMatchObject({ delivered: false });
    expect(await client.call('risk.get', {})).toMatchObject({ state: 'ACTIVE' });
    // No more calls after the 401: the bot waits for a new token instead of hammering Telegram.
    const calls = telegram.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(telegram.calls.length).toBe(calls);
    telegram.reinstate();
    expect(await client.call('alerts.setTelegram', { enabled: true })).toMatchObject({ state: 'connecting' });
    await eventually(() => expect(statuses().at(-1)).toMatchObject({ state: 'running', message: null, botUsername: 'stratus_test_bot' }));
  });

  it('a proposal raised while the bot waits out a 429 reaches the chat with its buttons once the bot runs again', async () => {
    await eventually(() => expect(statuses().at(-1)).toMatchObject({ state: 'running' }));
    telegram.rateLimit(3, 1, ['getUpdates']);
    await eventually(() => expect(statuses().at(-1)).toMatchObject({ state: 'error', message: expect.stringContaining('429') as unknown }));
    await client.call('trading.setMode', { mode: 'live', confirm: LIVE_CONFIRMATION });
    await client.call('strategy.attach', { strategy: 'up-once', series, params: {} });
    await client.call('data.appendCandles', { ...series, candles: [bar(0, 60_000), bar(1, 60_010)] });
    const alert = await eventually(() => {
      const raised = client.events.find((e) => e.stream === 'alerts.raised')?.payload as AlertView | undefined;
      expect(raised).toBeDefined();
      return raised!;
    });
    // Raised during the wait: kept for Telegram, not sent yet.
    expect(statuses().at(-1)!.state).toBe('error');
    expect(alert).toMatchObject({ kind: 'proposal', channels: ['in-app', 'telegram'], suppressed: null });
    expect(telegram.messages.filter((m) => m.reply_markup !== undefined)).toHaveLength(0);
    const message = await eventually(
      () => {
        const found = telegram.messages.find((m) => m.reply_markup !== undefined);
        expect(found).toBeDefined();
        return found!;
      },
      { timeoutMs: 8_000 },
    );
    expect(message.text).toContain(alert.title);
    const approve = message.reply_markup!.inline_keyboard[0]![0]!.callback_data!;
    const tap = telegram.tap({ chatId: TRADER, userId: TRADER, messageId: message.message_id, data: approve });
    expect((await telegram.answerTo(tap)).text).toBe('✅ Approved — order sent');
    expect(emulator.account.allOrders()).toHaveLength(1);
  });

  it('a rate limit (429) is shown with its wait, then the bot runs again; sends wait retry_after and go through', async () => {
    telegram.rateLimit(1, 1, ['getUpdates']);
    await eventually(() => expect(statuses().some((s) => s.state === 'error' && s.message === 'Telegram rate limit (429): waiting 1 s before trying again')).toBe(true));
    await eventually(() => expect(statuses().at(-1)).toMatchObject({ state: 'running', message: null }), { timeoutMs: 5_000 });

    telegram.rateLimit(1, 1, ['sendMessage']);
    const began = Date.now();
    const result = await client.call('alerts.test', { channel: 'telegram' });
    expect(result).toEqual({ delivered: true, message: 'sent to 1 chat(s)' });
    expect(Date.now() - began).toBeGreaterThanOrEqual(900);
    expect(telegram.messages.at(-1)).toMatchObject({ chat: { id: TRADER }, text: expect.stringContaining('Test alert') as unknown });
  });
});

describe('Telegram settings through the API', () => {
  it('checks inputs, keeps the token write-only, and refuses a token where the secret store is read-only', async () => {
    const dir = tempDir();
    process.env.STRATUS_TELEGRAM_BOT_TOKEN = BOT_TOKEN;
    const { serve, client } = await startTradingServe(dir.path, UP_ONCE_STRATEGY);
    try {
      await expect(client.call('alerts.setTelegram', { allowedChatIds: ['@channel'] })).rejects.toMatchObject({ type: 'ValidationError' });
      await expect(client.call('alerts.setTelegram', { botToken: 'not a token' })).rejects.toMatchObject({ type: 'ValidationError' });
      await expect(client.call('alerts.setTelegram', { botToken: BOT_TOKEN })).rejects.toMatchObject({ type: 'SecretStoreError', message: expect.stringContaining('read-only') as unknown });
      const status = await client.call('alerts.setTelegram', { allowedChatIds: ['123', '-1001234567890', '123'] });
      expect(status).toMatchObject({ configured: true, enabled: false, state: 'off', allowedChatIds: ['123', '-1001234567890'] });
      expect(Object.keys(status).sort()).toEqual(['allowedChatIds', 'botUsername', 'configured', 'enabled', 'message', 'state']);
      const stored = serve.engine.db.prepare('SELECT group_concat(value) AS v FROM alert_settings').get() as { v: string };
      expect(stored.v).not.toContain(BOT_TOKEN);
      await expect(client.call('alerts.markRead', {})).rejects.toMatchObject({ type: 'ValidationError' });
      await expect(client.call('alerts.setRules', { dedupWindowSeconds: 1 } as never)).rejects.toMatchObject({ type: 'ValidationError' });
      const rules = await client.call('alerts.rules', {});
      await expect(client.call('alerts.setRules', { ...rules, quietHours: { ...rules.quietHours, start: '25:00' } })).rejects.toMatchObject({ type: 'ValidationError' });
      expect(await client.call('alerts.setRules', { ...rules, rateLimitPerMinute: 5 })).toMatchObject({ rateLimitPerMinute: 5 });
      expect(await client.call('alerts.rules', {})).toMatchObject({ rateLimitPerMinute: 5 });
    } finally {
      delete process.env.STRATUS_TELEGRAM_BOT_TOKEN;
      await client.close();
      await serve.close();
      dir.remove();
    }
  });
});
