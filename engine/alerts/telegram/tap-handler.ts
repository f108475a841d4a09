import type { CallbackQuery } from 'grammy/types';
import type { Clock } from '../../core/clock';
import type { AuditEntryView, ProposalView } from '../../execution/execution-views';
import type { Decider } from '../../model/proposal';
import type { AlertStore, CallbackRecord } from '../alert-store';
import type { CallbackPayload, CallbackSigner } from './callback-data';
import { clockTime, OUTCOME, snoozedLine } from './proposal-text';

/** What the bot needs from the approval queue: the same calls the window's approvals API makes. */
export type TelegramApprovals = {
  get(id: string): ProposalView;
  approve(id: string, by: Decider): Promise<ProposalView>;
  reject(id: string, reason: string | undefined, by: Decider): ProposalView;
  snooze(id: string, minutes: number, by: Decider): ProposalView;
  audit(query: { readonly proposalId: string; readonly limit: number }): readonly AuditEntryView[];
};

export type TapContext = {
  readonly store: AlertStore;
  readonly clock: Clock;
  readonly approvals: TelegramApprovals;
  readonly signer: CallbackSigner | null;
  readonly allowedChatIds: readonly string[];
  /** The trader's offset from UTC (their quiet hours'), for the times a snooze answer names. */
  readonly utcOffsetMinutes: number;
  readonly answer: (text: string) => Promise<unknown>;
  /** The proposal changed here: its messages show it at once. */
  readonly onProposal: (view: ProposalView) => void;
};

const VIA_TELEGRAM: Decider = { kind: 'trader', via: 'telegram' };
const OUT_OF_DATE = 'This button is out of date: use the latest message of this proposal.';

/**
 * A button whose signed time ran out: its proposal expired, or was decided meanwhile (then the answer says
 * so), or lives on and was offered again since with a later expiry (a snooze moved it).
 */
function expiredButton(approvals: TelegramApprovals, payload: CallbackPayload, utcOffsetMinutes: number): Refusal {
  const expired = { text: 'This proposal has expired.', detail: 'expired' };
  let view: ProposalView;
  try {
    view = approvals.get(payload.proposalId);
  } catch {
    return expired;
  }
  if (view.status === 'pending' || view.status === 'snoozed') return view.expiresAt > payload.expiresAt ? { text: OUT_OF_DATE, detail: 'button of an earlier offer' } : expired;
  return staleness(view, payload.expiresAt, utcOffsetMinutes) ?? expired;
}

type RecordTap = (outcome: CallbackRecord['outcome'], detail: string, payload?: CallbackPayload, round?: number) => boolean;

/**
 * One button tap, in order: the chat and the user must be on the allow-list, the data must carry a valid
 * signature and an expiry still ahead; then it acts once (per proposal for Approve / Reject, per round for a
 * snooze) through the approval queue as the trader, `via: 'telegram'`. Every tap is recorded with what
 * came of it, refusals included.
 */
export async function handleTap(context: TapContext, query: CallbackQuery): Promise<void> {
  const { store, approvals, answer } = context;
  const now = context.clock.now();
  const data = query.data ?? '';
  const chatId = query.message ? String(query.message.chat.id) : null;
  const userId = String(query.from.id);
  const record: RecordTap = (outcome, detail, payload, round = 0) =>
    store.recordCallback({ at: now, callbackData: data.slice(0, 128), chatId, userId, proposalId: payload?.proposalId ?? null, action: payload?.action ?? null, outcome, detail, round });

  // A private chat's id is its user's id; in a group both the group and the user must be allowed.
  if (chatId === null || !context.allowedChatIds.includes(chatId) || !context.allowedChatIds.includes(userId)) {
    record('refused', 'not allowed: chat or user is not on the allow-list');
    await answer('not allowed');
    return;
  }
  const check = context.signer?.verify(data, now);
  if (!check || !check.ok) {
    const refusal = check?.reason === 'expired' && check.payload ? expiredButton(approvals, check.payload, context.utcOffsetMinutes) : { text: 'This button is not valid.', detail: check ? 'invalid button' : 'not running' };
    record('refused', refusal.detail, check?.payload);
    await answer(refusal.text);
    return;
  }
  const payload = check.payload;
  if (payload.action === 'snooze') {
    await snoozeTap(context, payload, record);
    return;
  }
  const { action, proposalId } = payload;
  await actOnce(context, payload, record, 0, action, action, async () => {
    const view = action === 'approve' ? await approvals.approve(proposalId, VIA_TELEGRAM) : approvals.reject(proposalId, 'rejected on Telegram', VIA_TELEGRAM);
    return { view, settled: `${action}: ${view.status}${view.reason ? ` (${view.reason})` : ''}`, reply: OUTCOME[view.status] ?? view.status };
  });
}

type Acted = { readonly view: ProposalView; readonly settled: string; readonly reply: string };

/**
 * Acts at most once for the proposal and round (the record's unique key): a second tap is answered "Already
 * done." Then `act` runs through the approval queue, the record is settled with what came of it (or the
 * refusal), the proposal's messages are updated, and the tap is answered.
 */
async function actOnce(context: TapContext, payload: CallbackPayload, record: RecordTap, round: number, requested: string, what: string, act: () => Promise<Acted>): Promise<void> {
  const { store, answer } = context;
  if (!record('acted', `${requested} requested`, payload, round)) {
    record('refused', 'already acted on', payload, round);
    await answer('Already done.');
    return;
  }
  let reply: string;
  try {
    const acted = await act();
    store.settleCallback(payload.proposalId, acted.settled, 'acted', round);
    context.onProposal(acted.view);
    reply = acted.reply;
  } catch (error) {
    reply = error instanceof Error ? error.message.slice(0, 190) : 'failed';
    store.settleCallback(payload.proposalId, `${what} refused: ${reply}`, 'refused', round);
  }
  await answer(reply);
}

/**
 * A snooze acts only on a pending proposal offered by the very button tapped: its signed expiry must be the
 * proposal's expiry now (every snooze moves it), so a button of an earlier offer, a proposal snoozed
 * elsewhere meanwhile, or one already decided is answered with what it is and nothing changes.
 */
async function snoozeTap(context: TapContext, payload: Extract<CallbackPayload, { action: 'snooze' }>, record: RecordTap): Promise<void> {
  const { approvals, answer } = context;
  const { proposalId, minutes } = payload;
  const round = payload.expiresAt / 1000;
  let current: ProposalView;
  try {
    current = approvals.get(proposalId);
  } catch {
    record('refused', 'snooze refused: no such proposal', payload, round);
    await answer('This proposal is no longer known.');
    return;
  }
  const stale = staleness(current, payload.expiresAt, context.utcOffsetMinutes);
  if (stale) {
    record('refused', `snooze refused: ${stale.detail}`, payload, round);
    await answer(stale.text);
    return;
  }
  await actOnce(context, payload, record, round, `snooze ${minutes} min`, 'snooze', async () => {
    const view = approvals.snooze(proposalId, minutes, VIA_TELEGRAM);
    return {
      view,
      settled: `snooze ${minutes} min: until ${new Date(view.snoozedUntil ?? 0).toISOString()}`,
      reply: `${snoozedLine(view, context.utcOffsetMinutes)}; it comes back then.`,
    };
  });
}

type Refusal = { readonly text: string; readonly detail: string };

function staleness(current: ProposalView, signedExpiry: number, utcOffsetMinutes: number): Refusal | undefined {
  switch (current.status) {
    case 'pending':
      // Buttons carry the expiry in whole seconds, rounded up.
      if (Math.ceil(current.expiresAt / 1000) * 1000 === signedExpiry) return undefined;
      return { text: OUT_OF_DATE, detail: 'button of an earlier offer' };
    case 'snoozed':
      return { text: `Already snoozed until ${current.snoozedUntil === undefined ? '?' : clockTime(current.snoozedUntil, utcOffsetMinutes)}.`, detail: 'already snoozed' };
    case 'expired':
      return { text: 'This proposal has expired.', detail: 'expired' };
    case 'approved':
    case 'submitted':
      return { text: 'This proposal was already approved.', detail: `already ${current.status}` };
    case 'rejected':
      return { text: 'This proposal was already rejected.', detail: 'already rejected' };
    case 'failed':
      return { text: 'This proposal was approved and failed; nothing to snooze.', detail: 'already failed' };
  }
}
