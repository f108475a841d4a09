import { AuthError, ValidationError } from '../../../core/errors';
import { fetchJson } from './http';
import { arr, obj, str } from './json-fields';
import type { PollingAdapter, SourceItem } from './source';

export type TelegramConfig = {
  readonly id: string;
  readonly botToken?: string;
  /** Channel usernames or ids to keep; empty keeps every channel the bot is in. */
  readonly channels?: readonly string[];
  readonly apiUrl?: string;
};

/** Channel posts received by a bot that is a member of the channel (Bot API getUpdates, short polling). */
export function createTelegramAdapter(config: TelegramConfig): PollingAdapter {
  const apiUrl = config.apiUrl ?? 'https://api.telegram.org';
  let offset = 0;
  const wanted = new Set((config.channels ?? []).map((c) => c.replace(/^@/, '').toLowerCase()));
  return {
    id: config.id,
    kind: 'telegram',
    disabledReason: config.botToken ? null : 'Telegram needs a bot token',
    async poll(signal) {
      const params = new URLSearchParams({ offset: String(offset), timeout: '0', allowed_updates: JSON.stringify(['channel_post']) });
      let reply: Record<string, unknown>;
      try {
        reply = obj(await fetchJson(`${apiUrl}/bot${config.botToken}/getUpdates?${params.toString()}`, { signal }), 'getUpdates reply');
      } catch (error) {
        // The Bot API puts the token in the path; never let it reach a status line or a log.
        if (error instanceof Error && config.botToken) error.message = error.message.replaceAll(config.botToken, '<token>');
        throw error;
      }
      if (reply.ok !== true) {
        const description = str(reply.description) || 'not ok';
        throw reply.error_code === 401 ? new AuthError(`Telegram: ${description}`) : new ValidationError(`Telegram: ${description}`);
      }
      const items: SourceItem[] = [];
      for (const value of arr(reply.result, 'getUpdates result')) {
        const update = obj(value, 'update');
        const updateId = Number(update.update_id);
        if (Number.isInteger(updateId)) offset = Math.max(offset, updateId + 1);
        if (update.channel_post === undefined) continue;
        const post = obj(update.channel_post, 'channel_post');
        const chat = obj(post.chat, 'channel_post.chat');
        const username = str(chat.username);
        if (wanted.size > 0 && !wanted.has(username.toLowerCase()) && !wanted.has(str(chat.id))) continue;
        const text = str(post.text) || str(post.caption);
        if (!text) continue;
        items.push({
          externalId: `${str(chat.id)}:${str(post.message_id)}`,
          title: text.slice(0, 4_000),
          url: username ? `https://t.me/${username}/${str(post.message_id)}` : undefined,
          author: str(chat.title) || username || undefined,
          publishedAt: typeof post.date === 'number' ? post.date * 1000 : null,
        });
      }
      return items;
    },
  };
}
