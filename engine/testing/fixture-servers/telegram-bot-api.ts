import type { IncomingMessage, ServerResponse } from 'node:http';
import { startLoopbackServer, type LoopbackServer } from '../loopback-server';

type Json = Record<string, unknown>;
type InlineKeyboard = { inline_keyboard: { text: string; callback_data?: string }[][] };

export type FixtureMessage = {
  message_id: number;
  date: number;
  chat: { id: number; type: 'private' | 'group' | 'supergroup' };
  from: { id: number; is_bot: true; first_name: string; username: string };
  text: string;
  reply_markup?: InlineKeyboard;
  edits: number;
};

export type CallbackAnswer = { readonly callbackQueryId: string; readonly text: string | undefined; readonly at: number };
export type Tap = { readonly chatId: number; readonly userId: number; readonly messageId: number; readonly data: string };

/**
 * A local Telegram Bot API server speaking Telegram's JSON: getMe, deleteWebhook, getUpdates (long poll
 * with offset and timeout), sendMessage (with reply_markup.inline_keyboard), editMessageText,
 * editMessageReplyMarkup and answerCallbackQuery. A test simulates a button tap with `tap` (a
 * callback_query update), revokes the token (every call then answers 401) or rate limits (429 with
 * retry_after). Real HTTP on 127.0.0.1; `stop` closes it.
 */
export class TelegramBotApiServer {
  readonly messages: FixtureMessage[] = [];
  readonly answers: CallbackAnswer[] = [];
  /** Methods called, in order. */
  readonly calls: string[] = [];
  private running: LoopbackServer | null = null;
  private updates: Json[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private nextCallbackId = 1;
  private revoked = false;
  private limited: { remaining: number; retryAfter: number; methods: readonly string[] | null } | null = null;
  private waiters: (() => void)[] = [];
  private answerListeners: ((answer: CallbackAnswer) => void)[] = [];

  constructor(
    readonly token: string,
    private readonly bot = { id: Number(token.split(':')[0]), username: 'stratus_test_bot', firstName: 'Stratus' },
  ) {}

  async start(): Promise<string> {
    this.running = await startLoopbackServer((req, res) => void this.handle(req, res));
    return this.apiRoot;
  }

  /** What grammY's `client.apiRoot` is set to. */
  get apiRoot(): string {
    if (!this.running) throw new Error('the Bot API fixture is not listening');
    return this.running.url;
  }

  async stop(): Promise<void> {
    const running = this.running;
    this.running = null;
    this.wake();
    await running?.close();
  }

  /** From now on every call answers 401 Unauthorized, as after BotFather's /revoke. */
  revoke(): void {
    this.revoked = true;
    this.wake();
  }

  /** Accepts the token again (a test's stand-in for the trader setting a fresh one). */
  reinstate(): void {
    this.revoked = false;
  }

  /** The next `count` calls (of `methods`, or any) answer 429 Too Many Requests with retry_after. */
  rateLimit(retryAfterSeconds: number, count = 1, methods: readonly string[] | null = null): void {
    this.limited = { remaining: count, retryAfter: retryAfterSeconds, methods };
  }

  /** A trader tapped a button of `messageId`: queues a callback_query update and returns its id. */
  tap(tap: Tap): string {
    const id = String(this.nextCallbackId++);
    const message = this.messages.find((m) => m.message_id === tap.messageId);
    const chatType = tap.chatId < 0 ? 'supergroup' : 'private';
    this.updates.push({
      update_id: this.nextUpdateId++,
      callback_query: {
        id,
        from: { id: tap.userId, is_bot: false, first_name: 'Trader' },
        message: message ? this.wire({ ...message, chat: { id: tap.chatId, type: chatType } }) : { message_id: tap.messageId, date: Math.floor(Date.now() / 1000), chat: { id: tap.chatId, type: chatType } },
        chat_instance: `ci-${tap.chatId}`,
        data: tap.data,
      },
    });
    this.wake();
    return id;
  }

  /** Resolves with the bot's answer to a callback query (answerCallbackQuery). */
  answerTo(callbackQueryId: string, timeoutMs = 5_000): Promise<CallbackAnswer> {
    const found = this.answers.find((a) => a.callbackQueryId === callbackQueryId);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to callback query ${callbackQueryId} within ${timeoutMs} ms`)), timeoutMs);
      this.answerListeners.push((answer) => {
        if (answer.callbackQueryId !== callbackQueryId) return;
        clearTimeout(timer);
        resolve(answer);
      });
    });
  }

  /** Calls of `onAnswer` for every answer from now on (benchmarks time taps with it). */
  onAnswer(listener: (answer: CallbackAnswer) => void): void {
    this.answerListeners.push(listener);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://bot-api');
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const reply = (status: number, body: Json): void => void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (!match) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match as unknown as [string, string, string];
    this.calls.push(method);
    if (this.revoked || token !== this.token) return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    if (this.limited && this.limited.remaining > 0 && (this.limited.methods === null || this.limited.methods.includes(method))) {
      this.limited.remaining -= 1;
      const retryAfter = this.limited.retryAfter;
      return reply(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } });
    }
    let params: Json;
    try {
      params = parseParams(req.headers['content-type'], Buffer.concat(chunks).toString('utf8'), url.searchParams);
    } catch {
      return reply(400, { ok: false, error_code: 400, description: 'Bad Request: can not parse JSON' });
    }
    const result = await this.dispatch(method, params);
    if ('error' in result) return reply(result.error, { ok: false, error_code: result.error, description: result.description });
    reply(200, { ok: true, result: result.ok });
  }

  private async dispatch(method: string, params: Json): Promise<{ ok: unknown } | { error: number; description: string }> {
    switch (method) {
      case 'getMe':
        return { ok: { id: this.bot.id, is_bot: true, first_name: this.bot.firstName, username: this.bot.username, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } };
      case 'deleteWebhook':
        return { ok: true };
      case 'getUpdates':
        return { ok: await this.getUpdates(params) };
      case 'sendMessage':
        return this.sendMessage(params);
      case 'editMessageText':
      case 'editMessageReplyMarkup':
        return this.edit(method, params);
      case 'answerCallbackQuery': {
        if (typeof params.callback_query_id !== 'string') return { error: 400, description: 'Bad Request: query is too old and response timeout expired or query ID is invalid' };
        const answer: CallbackAnswer = { callbackQueryId: params.callback_query_id, text: typeof params.text === 'string' ? params.text : undefined, at: performance.now() };
        this.answers.push(answer);
        for (const listener of [...this.answerListeners]) listener(answer);
        return { ok: true };
      }
      default:
        return { error: 404, description: 'Not Found: method not found' };
    }
  }

  private async getUpdates(params: Json): Promise<Json[]> {
    const offset = Number(params.offset ?? 0);
    const timeout = Math.min(Number(params.timeout ?? 0), 50);
    const limit = Math.min(Math.max(Number(params.limit ?? 100), 1), 100);
    // An offset confirms every update before it: Telegram forgets them.
    if (offset > 0) this.updates = this.updates.filter((u) => Number(u.update_id) >= offset);
    if (this.updates.length === 0 && timeout > 0 && this.running) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, timeout * 1000);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.push(done);
      });
    }
    return this.updates.slice(0, limit);
  }

  private sendMessage(params: Json): { ok: unknown } | { error: number; description: string } {
    const chatId = Number(params.chat_id);
    const text = typeof params.text === 'string' ? params.text : '';
    if (!Number.isSafeInteger(chatId)) return { error: 400, description: 'Bad Request: chat not found' };
    if (text.length === 0 || text.length > 4096) return { error: 400, description: 'Bad Request: message text is empty or too long' };
    const markup = this.markup(params.reply_markup);
    if ('error' in markup) return markup;
    const message: FixtureMessage = {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId < 0 ? 'supergroup' : 'private' },
      from: { id: this.bot.id, is_bot: true, first_name: this.bot.firstName, username: this.bot.username },
      text,
      ...(markup.ok ? { reply_markup: markup.ok } : {}),
      edits: 0,
    };
    this.messages.push(message);
    return { ok: this.wire(message) };
  }

  private edit(method: string, params: Json): { ok: unknown } | { error: number; description: string } {
    const message = this.messages.find((m) => m.message_id === Number(params.message_id) && m.chat.id === Number(params.chat_id));
    if (!message) return { error: 400, description: 'Bad Request: message to edit not found' };
    const markup = this.markup(params.reply_markup);
    if ('error' in markup) return markup;
    const text = method === 'editMessageText' ? (typeof params.text === 'string' ? params.text : '') : message.text;
    if (method === 'editMessageText' && text.length === 0) return { error: 400, description: 'Bad Request: message text is empty' };
    if (text === message.text && JSON.stringify(markup.ok ?? null) === JSON.stringify(message.reply_markup ?? null)) {
      return { error: 400, description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message' };
    }
    message.text = text;
    if (markup.ok && markup.ok.inline_keyboard.length > 0) message.reply_markup = markup.ok;
    else delete message.reply_markup;
    message.edits += 1;
    return { ok: this.wire(message) };
  }

  /** Checks an inline keyboard as Telegram does: button texts, and callback_data of 1 to 64 bytes. */
  private markup(raw: unknown): { ok: InlineKeyboard | undefined } | { error: number; description: string } {
    if (raw === undefined) return { ok: undefined };
    const value = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Partial<InlineKeyboard>;
    if (!Array.isArray(value.inline_keyboard)) return { error: 400, description: "Bad Request: object expected as reply markup" };
    for (const row of value.inline_keyboard) {
      for (const button of row) {
        if (typeof button.text !== 'string' || button.text.length === 0) return { error: 400, description: 'Bad Request: text buttons are unallowed in the inline keyboard' };
        const size = button.callback_data === undefined ? 1 : Buffer.byteLength(button.callback_data);
        if (size < 1 || size > 64) return { error: 400, description: 'Bad Request: BUTTON_DATA_INVALID' };
      }
    }
    return { ok: value as InlineKeyboard };
  }

  private wire(message: FixtureMessage): Json {
    const { edits: _edits, ...rest } = message;
    return rest;
  }
}

function parseParams(contentType: string | undefined, body: string, query: URLSearchParams): Json {
  const params: Json = Object.fromEntries(query);
  if (body.length === 0) return params;
  if (contentType?.includes('application/json')) return { ...params, ...(JSON.parse(body) as Json) };
  return { ...params, ...Object.fromEntries(new URLSearchParams(body)) };
}
