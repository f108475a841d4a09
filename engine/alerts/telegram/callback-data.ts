import { createHmac, timingSafeEqual } from 'node:crypto';

/** Telegram refuses callback_data longer than 64 bytes. */
export const CALLBACK_DATA_LIMIT = 64;

export type CallbackAction = 'approve' | 'reject' | 'snooze';
/** The snooze lengths a button can carry, in minutes: each has its own one-letter code, so the data stays short. */
export const SNOOZE_CHOICES = [15, 60] as const;
export type SnoozeMinutes = (typeof SNOOZE_CHOICES)[number];
export type CallbackPayload =
  | { readonly action: 'approve' | 'reject'; readonly proposalId: string; readonly expiresAt: number }
  | { readonly action: 'snooze'; readonly minutes: SnoozeMinutes; readonly proposalId: string; readonly expiresAt: number };
export type CallbackCheck = { readonly ok: true; readonly payload: CallbackPayload } | { readonly ok: false; readonly reason: 'malformed' | 'bad-signature' | 'expired'; readonly payload?: CallbackPayload };

// One letter per button: approve, reject, snooze a quarter of an hour, snooze an hour. The code is signed
// with the rest, so a snooze's length cannot be changed without voiding the button.
const CODES = {
  a: { action: 'approve' },
  r: { action: 'reject' },
  q: { action: 'snooze', minutes: 15 },
  h: { action: 'snooze', minutes: 60 },
} as const satisfies Record<string, { readonly action: CallbackAction; readonly minutes?: SnoozeMinutes }>;
type Code = keyof typeof CODES;

function codeOf(payload: CallbackPayload): Code {
  if (payload.action !== 'snooze') return payload.action === 'approve' ? 'a' : 'r';
  const code = (Object.keys(CODES) as Code[]).find((c) => 'minutes' in CODES[c] && CODES[c].minutes === payload.minutes);
  if (!code) throw new Error(`a snooze button lasts ${SNOOZE_CHOICES.join(' or ')} minutes, not ${String(payload.minutes)}`);
  return code;
}
// Proposal ids are at most 36 characters (`pr-` and a digest, as Bybit's order-link ids allow).
const ID_PATTERN = /^[A-Za-z0-9_-]{1,36}$/;
// 12 bytes of HMAC-SHA256: 96 bits, ample against forgery through a rate-limited chat, and it keeps the
// whole `a:<36-char id>:<6-char expiry>:<16-char mac>` at 62 bytes, under Telegram's 64.
const MAC_BYTES = 12;

/**
 * Signs and checks the data of the Approve / Reject / Snooze buttons: `<a|r|q|h>:<proposal id>:<expiry, base-36
 * seconds>:<HMAC, base64url>`. The key is derived from the bot token, so a new token voids every button
 * sent before it, and nothing secret has to be stored besides the token.
 */
export class CallbackSigner {
  private readonly key: Buffer;

  constructor(botToken: string) {
    this.key = createHmac('sha256', 'stratus telegram callback data v1').update(botToken).digest();
  }

  sign(payload: CallbackPayload): string {
    if (!ID_PATTERN.test(payload.proposalId)) throw new Error(`a proposal id of up to 36 letters, digits, - or _ fits in a button, not "${payload.proposalId.slice(0, 40)}"`);
    const body = `${codeOf(payload)}:${payload.proposalId}:${Math.ceil(payload.expiresAt / 1000).toString(36)}`;
    const data = `${body}:${this.mac(body)}`;
    if (Buffer.byteLength(data) > CALLBACK_DATA_LIMIT) throw new Error(`callback data of ${Buffer.byteLength(data)} bytes exceeds Telegram's ${CALLBACK_DATA_LIMIT}`);
    return data;
  }

  /** Checks the signature first (nothing unsigned is believed), then the expiry against `now`. */
  verify(data: string, now: number): CallbackCheck {
    const parts = data.split(':');
    if (parts.length !== 4) return { ok: false, reason: 'malformed' };
    const [code, proposalId, expiry, mac] = parts as [string, string, string, string];
    const known = Object.hasOwn(CODES, code) ? CODES[code as Code] : undefined;
    if (!known || !ID_PATTERN.test(proposalId) || !/^[0-9a-z]{1,10}$/.test(expiry)) return { ok: false, reason: 'malformed' };
    const expected = Buffer.from(this.mac(`${code}:${proposalId}:${expiry}`));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
    const expiresAt = parseInt(expiry, 36) * 1000;
    const payload: CallbackPayload = known.action === 'snooze' ? { action: 'snooze', minutes: known.minutes, proposalId, expiresAt } : { action: known.action, proposalId, expiresAt };
    if (now >= payload.expiresAt) return { ok: false, reason: 'expired', payload };
    return { ok: true, payload };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest().subarray(0, MAC_BYTES).toString('base64url');
  }
}
