import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Actor, ProposalView } from '../../execution/execution-views';
import { SNOOZE_CHOICES, type CallbackSigner, type SnoozeMinutes } from './callback-data';

/** What a proposal's messages say once it has an outcome; a proposal still open (pending) has none. */
export const OUTCOME: Readonly<Partial<Record<ProposalView['status'], string>>> = {
  approved: '✅ Approved',
  submitted: '✅ Approved — order sent',
  rejected: '❌ Rejected',
  expired: '⌛ Expired',
  failed: '⚠️ Failed',
};

const SNOOZE_LABEL: Readonly<Record<SnoozeMinutes, string>> = { 15: 'Snooze 15 min', 60: 'Snooze 1 h' };

/** Approve / Reject, and below them the snooze lengths; every button signed with the proposal's expiry. */
export function proposalKeyboard(signer: CallbackSigner, proposalId: string, expiresAt: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: 'Approve', callback_data: signer.sign({ action: 'approve', proposalId, expiresAt }) },
        { text: 'Reject', callback_data: signer.sign({ action: 'reject', proposalId, expiresAt }) },
      ],
      SNOOZE_CHOICES.map((minutes) => ({ text: SNOOZE_LABEL[minutes], callback_data: signer.sign({ action: 'snooze', minutes, proposalId, expiresAt }) })),
    ],
  };
}

/** A time as the trader reads it: HH:MM in UTC shifted by their offset (the one their quiet hours use). */
export function clockTime(at: number, utcOffsetMinutes: number): string {
  const local = new Date(at + utcOffsetMinutes * 60_000);
  const hhmm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
  if (utcOffsetMinutes === 0) return `${hhmm} UTC`;
  const sign = utcOffsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(utcOffsetMinutes);
  return `${hhmm} UTC${sign}${Math.floor(abs / 60)}${abs % 60 === 0 ? '' : `:${String(abs % 60).padStart(2, '0')}`}`;
}

/** Who acted, as the message names them: Telegram, the desktop or a paired device, the CLI, a policy. */
export function actorName(by: Actor | undefined): string | null {
  if (by?.kind === 'trader') return by.via === 'telegram' ? 'Telegram' : by.via === 'ui' ? (by.device ?? 'desktop') : 'CLI';
  return by?.kind === 'policy' ? `policy ${by.policy}` : null;
}

/** The first line of a snooze's answer and messages: "💤 Snoozed until 14:35 UTC". */
export function snoozedLine(view: ProposalView, utcOffsetMinutes: number): string {
  return `💤 Snoozed until ${view.snoozedUntil === undefined ? '?' : clockTime(view.snoozedUntil, utcOffsetMinutes)}`;
}

/**
 * The text a proposal's messages are edited to: its outcome, or its snooze, who did it, and the order.
 * Undefined while it waits for a decision (nothing to edit).
 */
export function proposalStatusText(view: ProposalView, utcOffsetMinutes: number, snoozedBy?: Actor): string | undefined {
  const order = `${view.side} ${view.quantity} ${view.symbol} at ${view.entry}`;
  if (view.status === 'snoozed') {
    const name = actorName(snoozedBy);
    return `${snoozedLine(view, utcOffsetMinutes)}${name ? ` (by ${name})` : ''}: ${order}`;
  }
  const outcome = OUTCOME[view.status];
  if (!outcome) return undefined;
  const by = actorName(view.decidedBy);
  return `${outcome}${by ? ` (${by})` : ''}: ${order}${view.status === 'failed' && view.reason ? `\n${view.reason}` : ''}`;
}
