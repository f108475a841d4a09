/** The engine keeps at most this many allowed chats. */
export const MAX_CHATS = 50;

const CHAT_ID = /^-?\d{1,20}$/;
const BOT_TOKEN = /^\d{3,20}:[A-Za-z0-9_-]{30,60}$/;

/**
 * Allowed chat ids as typed: separated by commas, spaces or new lines; duplicates dropped. Every id
 * must be a Telegram chat id (a user's, or a group's or channel's negative one); a username is refused
 * because the bot can only check the numeric id of the chat a tap comes from.
 */
export function parseChatIds(text: string): { ok: true; ids: string[] } | { ok: false; problem: string } {
  const parts = text.split(/[\s,;]+/).filter((part) => part !== '');
  const bad = parts.filter((part) => !CHAT_ID.test(part));
  if (bad.length > 0) {
    return { ok: false, problem: `Not a chat id: ${bad.slice(0, 3).join(', ')}${bad.length > 3 ? '…' : ''}. A chat id is a number such as 123456789 or -1001234567890.` };
  }
  const ids = [...new Set(parts)];
  if (ids.length > MAX_CHATS) return { ok: false, problem: `At most ${MAX_CHATS} chats can be allowed (${ids.length} given).` };
  return { ok: true, ids };
}

/** A bot token as BotFather gives it, checked before it is sent so a typo is caught here. Never echoes the token. */
export function botTokenProblem(token: string): string | null {
  const trimmed = token.trim();
  if (trimmed === '') return 'Paste the bot token BotFather gave you.';
  return BOT_TOKEN.test(trimmed) ? null : "That is not a bot token: it looks like '123456789:AA…' (digits, a colon, then 30 to 60 letters, digits, - or _).";
}
