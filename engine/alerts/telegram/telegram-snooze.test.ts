import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProposalView } from '../../execution/execution-views';
import { eventually } from '../../testing/eventually';
import type { FixtureMessage } from '../../testing/fixture-servers/telegram-bot-api';
import { startTelegramServe, type TelegramServe } from '../../testing/telegram-serve';
import type { AlertView } from '../alert-types';
import { CallbackSigner } from './callback-data';
import { clockTime } from './proposal-text';

const BOT_TOKEN = '7012345678:AAH-test_token-0123456789abcdefghijklm';
const TRADER = 424242;
const STRANGER = 999001;
const MINUTE = 60_000;

/**
 * Snoozing a proposal from Telegram, end to end: `stratus serve` trading live against the Bybit emulator,
 * its bot talking to a local Bot API server, on a clock the test moves ahead to end the snooze.
 */
describe('Telegram snooze through stratus serve', () => {
  let t: TelegramServe;

  beforeEach(async () => {
    t = await startTelegramServe(BOT_TOKEN, TRADER);
  });

  afterEach(async () => {
    await t.close();
  });

  const buttons = (message: FixtureMessage): Record<string, string> =>
    Object.fromEntries(message.reply_markup!.inline_keyboard.flat().map((b) => [b.text, b.callback_data!]));
  const tap = async (message: FixtureMessage, data: string, userId = TRADER): Promise<string> =>
    (await t.telegram.answerTo(t.telegram.tap({ chatId: userId, userId, messageId: message.message_id, data }))).text ?? '';
  const current = async (id: string): Promise<ProposalView> => (await t.client.call('approvals.list', { status: ['pending', 'snoozed', 'approved', 'submitted', 'rejected', 'expired', 'failed'] })).find((p) => p.id === id)!;
  const snoozes = async (id: string) => (await t.client.call('approvals.audit', { proposalId: id })).filter((e) => e.action === 'snoozed');
  const messageOf = (message: FixtureMessage): FixtureMessage => t.telegram.messages.find((m) => m.message_id === message.message_id)!;
  const offers = (): FixtureMessage[] => t.telegram.messages.filter((m) => m.reply_markup !== undefined);

  it('Snooze 15 min snoozes through the approval queue as the trader on Telegram; the message says until when; a second tap does nothing', async () => {
    const { proposal, message } = await t.proposalMessage();
    expect(message.reply_markup!.inline_keyboard.map((row) => row.map((b) => b.text))).toEqual([
      ['Approve', 'Reject'],
      ['Snooze 15 min', 'Snooze 1 h'],
    ]);
    const data = buttons(message);
    for (const value of Object.values(data)) {
      expect(Buffer.byteLength(value)).toBeLessThanOrEqual(64);
      expect(value).toContain(proposal.id);
    }

    expect(await tap(message, data['Snooze 15 min']!, STRANGER)).toBe('not allowed');
    expect(await current(proposal.id)).toMatchObject({ status: 'pending' });

    const before = t.clock.now();
    const answer = await tap(message, data['Snooze 15 min']!);
    const after = t.clock.now();
    const snoozed = await current(proposal.id);
    expect(snoozed.status).toBe('snoozed');
    expect(snoozed.snoozedUntil).toBeGreaterThanOrEqual(before + 15 * MINUTE);
    expect(snoozed.snoozedUntil).toBeLessThanOrEqual(after + 15 * MINUTE);
    const until = clockTime(snoozed.snoozedUntil!, 0);
    expect(answer).toBe(`💤 Snoozed until ${until}; it comes back then.`);
    expect(await snoozes(proposal.id)).toEqual([expect.objectContaining({ actor: { kind: 'trader', via: 'telegram' }, detail: expect.stringMatching(/^snoozed for 15 min, back at /) as unknown })]);

    await eventually(() => expect(messageOf(message).text).toBe(`💤 Snoozed until ${until} (by Telegram): buy 0.066 BTCUSDT at ${proposal.entry}`));
    expect(messageOf(message).reply_markup).toBeUndefined();

    // The same tap again, and the hour's button of the same message: nothing changes.
    expect(await tap(message, data['Snooze 15 min']!)).toBe(`Already snoozed until ${until}.`);
    expect(await tap(message, data['Snooze 1 h']!)).toBe(`Already snoozed until ${until}.`);
    expect(await current(proposal.id)).toMatchObject({ status: 'snoozed', snoozedUntil: snoozed.snoozedUntil });
    expect(await snoozes(proposal.id)).toHaveLength(1);

    const records = t.serve.engine.alerts.store.callbacks().map((r) => [r.outcome, r.action, r.userId, r.detail]);
    expect(records).toEqual([
      ['refused', 'snooze', String(TRADER), 'snooze refused: already snoozed'],
      ['refused', 'snooze', String(TRADER), 'snooze refused: already snoozed'],
      ['acted', 'snooze', String(TRADER), `snooze 15 min: until ${new Date(snoozed.snoozedUntil!).toISOString()}`],
      ['refused', null, String(STRANGER), 'not allowed: chat or user is not on the allow-list'],
    ]);
    expect(t.emulator.account.allOrders()).toHaveLength(0);
  });

  it('refuses forged, tampered and expired snooze buttons and changes nothing; a snooze in the window edits the message too', async () => {
    const { proposal, message } = await t.proposalMessage();
    const data = buttons(message);
    const quarter = data['Snooze 15 min']!;
    const refusals = [
      [quarter.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), 'This button is not valid.'],
      [`h${quarter.slice(1)}`, 'This button is not valid.'], // the quarter's signature on an hour
      [`q${data.Reject!.slice(1)}`, 'This button is not valid.'], // Reject's signature on a snooze
      [new CallbackSigner('7012345678:AAH-another-token-0123456789abcdefghij').sign({ action: 'snooze', minutes: 15, proposalId: proposal.id, expiresAt: proposal.expiresAt }), 'This button is not valid.'],
      [new CallbackSigner(BOT_TOKEN).sign({ action: 'snooze', minutes: 15, proposalId: 'pr-gone', expiresAt: t.clock.now() - 1_000 }), 'This proposal has expired.'],
      // Signed, but its time ran out while the proposal is offered until later: not a button of its messages.
      [new CallbackSigner(BOT_TOKEN).sign({ action: 'snooze', minutes: 15, proposalId: proposal.id, expiresAt: t.clock.now() - 1_000 }), 'This button is out of date: use the latest message of this proposal.'],
      // Signed, unexpired, but not the expiry this proposal is offered with: not a button of its messages.
      [new CallbackSigner(BOT_TOKEN).sign({ action: 'snooze', minutes: 60, proposalId: proposal.id, expiresAt: proposal.expiresAt + 60_000 }), 'This button is out of date: use the latest message of this proposal.'],
      [new CallbackSigner(BOT_TOKEN).sign({ action: 'snooze', minutes: 15, proposalId: 'pr-unknown', expiresAt: proposal.expiresAt }), 'This proposal is no longer known.'],
    ] as const;
    for (const [value, expected] of refusals) expect(await tap(message, value)).toBe(expected);
    expect(await current(proposal.id)).toMatchObject({ status: 'pending', expiresAt: proposal.expiresAt });
    expect(await snoozes(proposal.id)).toHaveLength(0);
    expect(t.serve.engine.alerts.store.callbacks().every((r) => r.outcome === 'refused')).toBe(true);

    const snoozed = await t.client.call('approvals.snooze', { id: proposal.id, minutes: 30 });
    const until = clockTime(snoozed.snoozedUntil!, 0);
    await eventually(() => expect(messageOf(message).text).toBe(`💤 Snoozed until ${until} (by desktop): buy 0.066 BTCUSDT at ${proposal.entry}`));
    expect(messageOf(message).reply_markup).toBeUndefined();
    expect(await tap(message, quarter)).toBe(`Already snoozed until ${until}.`);
    expect(await current(proposal.id)).toMatchObject({ status: 'snoozed', snoozedUntil: snoozed.snoozedUntil });
  });

  it('the proposal comes back when its snooze ends and is sent again with new buttons; they act, the old ones are out of date', async () => {
    const { proposal, message } = await t.proposalMessage();
    const old = buttons(message);
    await tap(message, old['Snooze 15 min']!);
    const snoozed = await current(proposal.id);
    expect(offers()).toHaveLength(0);

    t.clock.advance(15 * MINUTE + 1_000);
    await eventually(async () => expect(await current(proposal.id)).toMatchObject({ status: 'pending' }));
    const again = await eventually(() => {
      const [offer] = offers();
      expect(offer).toBeDefined();
      return offer!;
    });
    expect(again.message_id).not.toBe(message.message_id);
    expect(again.chat.id).toBe(TRADER);
    expect(again.text).toContain('Buy 0.066 BTCUSDT — back from snooze, approve?');
    const fresh = buttons(again);
    expect(Object.keys(fresh)).toEqual(['Approve', 'Reject', 'Snooze 15 min', 'Snooze 1 h']);
    expect(fresh['Snooze 15 min']).not.toBe(old['Snooze 15 min']);
    const alerts = t.client.events.filter((e) => e.stream === 'alerts.raised').map((e) => e.payload as AlertView).filter((a) => a.proposalId === proposal.id);
    expect(alerts.map((a) => a.title)).toEqual(['Buy 0.066 BTCUSDT — approve?', 'Buy 0.066 BTCUSDT — back from snooze, approve?']);
    // The first message keeps saying it was snoozed.
    expect(messageOf(message).text).toMatch(/^💤 Snoozed until/);

    // The first message's buttons, replayed now that the proposal is offered again (their signed time has
    // passed): refused as out of date, not as an expired proposal.
    expect(await tap(message, old['Snooze 15 min']!)).toBe('This button is out of date: use the latest message of this proposal.');
    expect(await tap(message, old.Approve!)).toBe('This button is out of date: use the latest message of this proposal.');
    expect(t.emulator.account.allOrders()).toHaveLength(0);
    expect(await current(proposal.id)).toMatchObject({ status: 'pending', expiresAt: snoozed.expiresAt });

    // The new message's hour snooze acts (a new offer, a new round), and then its Reject still works.
    const answer = await tap(again, fresh['Snooze 1 h']!);
    const hour = await current(proposal.id);
    expect(answer).toBe(`💤 Snoozed until ${clockTime(hour.snoozedUntil!, 0)}; it comes back then.`);
    expect(hour.snoozedUntil! - t.clock.now()).toBeGreaterThan(59 * MINUTE);
    expect(await snoozes(proposal.id)).toHaveLength(2);
    expect(await tap(again, fresh.Reject!)).toBe('❌ Rejected');
    expect(await current(proposal.id)).toMatchObject({ status: 'rejected', decidedBy: { kind: 'trader', via: 'telegram' } });
    await eventually(() => expect(messageOf(again).text).toMatch(/^❌ Rejected \(Telegram\)/));
  });

  it('a decision in the window during the snooze means the proposal is not sent again', async () => {
    const { proposal, message } = await t.proposalMessage();
    const data = buttons(message);
    await tap(message, data['Snooze 15 min']!);
    expect(await current(proposal.id)).toMatchObject({ status: 'snoozed' });

    await t.client.call('approvals.approve', { id: proposal.id });
    await eventually(() => expect(messageOf(message).text).toMatch(/^✅ Approved — order sent \(desktop\)/));
    expect(t.emulator.account.allOrders()).toHaveLength(1);

    t.clock.advance(15 * MINUTE + 1_000);
    // The engine checks snoozes every second: three checks pass with nothing to send.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // The fill's alert is the only message since; no offer of the proposal.
    expect(t.telegram.messages.map((m) => m.text.split(':')[0])).toEqual(['✅ Approved — order sent (desktop)', 'Filled']);
    expect(offers()).toHaveLength(0);
    expect(t.client.events.filter((e) => e.stream === 'alerts.raised' && (e.payload as AlertView).kind === 'proposal')).toHaveLength(1);
    expect(await current(proposal.id)).toMatchObject({ status: 'submitted' });
    expect(await tap(message, data['Snooze 15 min']!)).toBe('This proposal was already approved.');
    expect(await tap(message, data.Approve!)).toBe('This proposal was already approved.');
    expect(t.emulator.account.allOrders()).toHaveLength(1);
  });

  it('a proposal snoozed while the bot waited out a 429 is not offered then, but when it comes back', async () => {
    t.telegram.rateLimit(3, 1, ['getUpdates']);
    await eventually(() => expect(t.statuses().at(-1)).toMatchObject({ state: 'error', message: expect.stringContaining('429') as unknown }));
    const proposal = await t.propose();
    await t.client.call('approvals.snooze', { id: proposal.id, minutes: 5 });
    await eventually(() => expect(t.statuses().at(-1)).toMatchObject({ state: 'running' }), { timeoutMs: 8_000 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(offers()).toHaveLength(0);

    t.clock.advance(5 * MINUTE + 1_000);
    const offer = await eventually(() => {
      const [found] = offers();
      expect(found).toBeDefined();
      return found!;
    });
    expect(offer.text).toContain('back from snooze');
    // Its buttons carry the expiry the proposal has now: they act.
    expect(await tap(offer, buttons(offer)['Snooze 15 min']!)).toMatch(/^💤 Snoozed until \d\d:\d\d UTC; it comes back then\.$/);
    expect(await current(proposal.id)).toMatchObject({ status: 'snoozed' });
  });
});
