import { Api, GrammyError, HttpError } from 'grammy';
import type { CallbackQuery, InlineKeyboardMarkup } from 'grammy/types';
import type { Clock } from '../../core/clock';
import type { ProposalView } from '../../execution/execution-views';
import type { AlertStore } from '../alert-store';
import type { AlertView, TelegramStatusView } from '../alert-types';
import { CallbackSigner } from './callback-data';
import { OUTCOME, proposalKeyboard, proposalStatusText } from './proposal-text';
import { handleTap, type TelegramApprovals } from './tap-handler';

export type { TelegramApprovals } from './tap-handler';

export type TelegramBotOptions = {
  readonly store: AlertStore;
  readonly clock: Clock;
  readonly approvals: TelegramApprovals;
  /** Reads the bot token from the secret store; undefined when none is set. */
  readonly token: () => Promise<string | undefined>;
  readonly onStatus: (status: TelegramStatusView) => void;
  readonly log: (message: string) => void;
  /** The Bot API server; Telegram's own unless a local server stands in. */
  readonly apiRoot?: string;
  /** getUpdates long-poll timeout, seconds. */
  readonly pollTimeoutSeconds?: number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
};

/** grammY's Node build types signals with the abort-controller package; node-fetch accepts Node's own at run time. */
type GrammySignal = NonNullable<Parameters<Api['getMe']>[0]>;
const toGrammySignal = (signal: AbortSignal): GrammySignal => signal as unknown as GrammySignal;

const MAX_BACKOFF_MS = 60_000;
/** Alerts held while the bot cannot send; past this the oldest gives way. */
const MAX_PENDING = 100;

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * The Telegram channel: sends alerts to the allowed chats, long-polls for button taps, and turns a
 * signed, unexpired tap from an allowed chat and user into one decision in the approval queue.
 * A revoked token (401) stops it with a clear status; a rate limit (429) waits the time Telegram asks;
 * anything else backs off and tries again. The engine keeps running whatever happens here.
 */
export class TelegramBot {
  private status: TelegramStatusView;
  private api: Api | null = null;
  private signer: CallbackSigner | null = null;
  private token: string | null = null;
  private controller: AbortController | null = null;
  private polling: Promise<void> | null = null;
  private offset = 0;
  private generation = 0;
  /** Sends one at a time: Telegram limits a bot's rate, and a 429 should hold back every send. */
  private sending: Promise<unknown> = Promise.resolve();
  private readonly edited = new Map<string, string>();
  /** Proposals with an outcome; one decided before its message went out (a policy approves at once) needs no message. */
  private readonly decided = new Set<string>();
  /** Alerts raised while the bot waits out a 429 or a dropped connection, sent once it runs again. */
  private readonly pending: { readonly alert: AlertView; readonly proposal?: ProposalView }[] = [];
  /** Set by a 401: the token is dead, so nothing is queued until a new one is set. */
  private refused = false;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;

  constructor(private readonly options: TelegramBotOptions) {
    this.sleep = options.sleep ?? abortableSleep;
    const settings = options.store.telegram();
    this.status = { configured: false, enabled: settings.enabled, state: 'off', message: null, botUsername: null, allowedChatIds: settings.allowedChatIds };
  }

  view(): TelegramStatusView {
    return this.status;
  }

  get running(): boolean {
    return this.status.state === 'running';
  }

  /** True while alerts should reach Telegram: running, or between tries after a 429 or a network failure. */
  get accepting(): boolean {
    return this.api !== null && !this.refused && this.status.state !== 'off';
  }

  /** (Re)starts with the stored settings and token; stops when disabled or without a token. */
  async restart(): Promise<TelegramStatusView> {
    await this.stop();
    const generation = this.generation;
    const settings = this.options.store.telegram();
    let token: string | undefined;
    let problem: string | null = null;
    try {
      token = await this.options.token();
    } catch (error) {
      problem = `the bot token could not be read: ${this.redact(error)}`;
    }
    // Stopped (or restarted again) while the token was read: that newer call decides.
    if (generation !== this.generation) return this.status;
    const base = { configured: token !== undefined, enabled: settings.enabled, allowedChatIds: settings.allowedChatIds, botUsername: null };
    if (!settings.enabled) {
      // Switched off: what waited for a connection is no longer wanted.
      this.pending.length = 0;
      this.setStatus({ ...base, state: 'off', message: null });
      return this.status;
    }
    if (!token) {
      this.setStatus({ ...base, state: problem ? 'error' : 'off', message: problem ?? 'no bot token is set' });
      return this.status;
    }
    this.token = token;
    this.refused = false;
    this.signer = new CallbackSigner(token);
    this.api = new Api(token, { apiRoot: this.options.apiRoot, timeoutSeconds: (this.options.pollTimeoutSeconds ?? 30) + 15 });
    this.setStatus({ ...base, state: 'connecting', message: null });
    const controller = new AbortController();
    this.controller = controller;
    this.polling = this.run(controller.signal);
    return this.status;
  }

  async stop(): Promise<void> {
    this.generation += 1;
    this.controller?.abort();
    this.controller = null;
    await this.polling;
    this.polling = null;
    this.api = null;
    if (this.status.state !== 'off' && this.status.state !== 'error') this.setStatus({ ...this.status, state: 'off', message: null });
  }

  /** Updates the allow-list and the switch shown in the status without a restart. */
  refreshSettings(): void {
    const settings = this.options.store.telegram();
    this.setStatus({ ...this.status, enabled: settings.enabled, allowedChatIds: settings.allowedChatIds });
  }

  /**
   * Sends an alert to every allowed chat; a proposal carries Approve / Reject buttons. True when one chat
   * got it, or when it waits for the bot to run again (a 429 or a dropped connection loses no alert).
   */
  send(alert: AlertView, proposal?: ProposalView): Promise<boolean> {
    const api = this.api;
    const signer = this.signer;
    if (!api || !signer) return Promise.resolve(false);
    if (!this.running) {
      if (!this.accepting) return Promise.resolve(false);
      if (this.pending.length >= MAX_PENDING) this.options.log(`Telegram: alert ${this.pending.shift()!.alert.id} dropped, ${MAX_PENDING} already wait`);
      this.pending.push({ alert, ...(proposal ? { proposal } : {}) });
      return Promise.resolve(true);
    }
    const text = `${alert.severity === 'critical' ? '🚨 ' : alert.severity === 'warning' ? '⚠️ ' : ''}${alert.title}\n${alert.body}`;
    const markup: InlineKeyboardMarkup | undefined = proposal && alert.proposalId ? proposalKeyboard(signer, alert.proposalId, proposal.expiresAt) : undefined;
    const chats = this.status.allowedChatIds;
    const job = this.sending.then(async () => {
      if (proposal && this.decided.has(proposal.id)) return true;
      let delivered = false;
      for (const chat of chats) {
        const message = await this.call(() => api.sendMessage(chat, text, markup ? { reply_markup: markup } : {}));
        if (!message) continue;
        delivered = true;
        if (alert.proposalId && markup) this.options.store.rememberMessage(alert.proposalId, chat, message.message_id, this.options.clock.now());
      }
      return delivered;
    });
    this.sending = job.catch(() => false);
    return job;
  }

  /**
   * A proposal decided (here, in the window, by a policy), expired or snoozed: its messages show the outcome
   * or the snooze, without buttons. One that comes back from a snooze is offered again as a new alert.
   */
  onProposal(view: ProposalView): void {
    const outcome = OUTCOME[view.status];
    if (outcome) {
      if (this.decided.size >= 10_000) this.decided.clear();
      this.decided.add(view.id);
    }
    const api = this.api;
    if ((!outcome && view.status !== 'snoozed') || !api) return;
    const messages = this.options.store.messagesOf(view.id);
    if (messages.length === 0) return;
    const snoozedBy = view.status === 'snoozed' ? this.options.approvals.audit({ proposalId: view.id, limit: 20 }).find((e) => e.action === 'snoozed')?.actor : undefined;
    const text = proposalStatusText(view, this.utcOffsetMinutes(), snoozedBy);
    if (text === undefined) return;
    if (this.edited.get(view.id) === text) return;
    if (this.edited.size >= 10_000) this.edited.clear();
    this.edited.set(view.id, text);
    this.sending = this.sending.then(async () => {
      for (const m of messages) await this.call(() => api.editMessageText(m.chatId, m.messageId, text, { reply_markup: { inline_keyboard: [] } }));
    });
  }

  private async run(signal: AbortSignal): Promise<void> {
    const api = this.api;
    if (!api) return;
    let backoff = 1_000;
    let me: string | null = null;
    while (!signal.aborted) {
      try {
        if (me === null) {
          me = (await api.getMe(toGrammySignal(signal))).username;
          this.setStatus({ ...this.status, state: 'running', message: null, botUsername: me });
        }
        const updates = await api.getUpdates({ offset: this.offset, timeout: this.options.pollTimeoutSeconds ?? 30, allowed_updates: ['callback_query'] }, toGrammySignal(signal));
        if (this.status.state !== 'running') this.setStatus({ ...this.status, state: 'running', message: null });
        backoff = 1_000;
        for (const update of updates) {
          this.offset = update.update_id + 1;
          if (update.callback_query) await this.onCallback(api, update.callback_query);
        }
      } catch (error) {
        if (signal.aborted) break;
        const wait = this.failure(error, backoff);
        if (wait === null) return;
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        await this.sleep(wait, signal);
      }
    }
  }

  /** A 401: the token was revoked or is wrong; nothing more is sent or queued until a new one is set. */
  private refuseToken(): void {
    this.refused = true;
    this.pending.length = 0;
    this.setStatus({ ...this.status, state: 'error', message: 'Telegram refused the bot token (401 Unauthorized): it was revoked or is wrong. Set a new token from BotFather.', botUsername: null });
  }

  /** Sets the status for a failure and says how long to wait before trying again (null: do not). */
  private failure(error: unknown, backoff: number): number | null {
    if (error instanceof GrammyError && error.error_code === 401) {
      this.refuseToken();
      return null;
    }
    if (error instanceof GrammyError && error.error_code === 429) {
      const seconds = error.parameters.retry_after ?? backoff / 1000;
      this.setStatus({ ...this.status, state: 'error', message: `Telegram rate limit (429): waiting ${seconds} s before trying again` });
      return seconds * 1000;
    }
    const what = error instanceof HttpError ? 'Telegram could not be reached' : 'Telegram call failed';
    this.setStatus({ ...this.status, state: 'error', message: `${what}: ${this.redact(error)}; trying again in ${Math.round(backoff / 1000)} s` });
    return backoff;
  }

  /** One send or edit: a 429 waits the time asked and tries again (three times at most); other failures are reported. */
  private async call<T>(request: () => Promise<T>): Promise<T | undefined> {
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const result = await request();
        if (this.status.state === 'error' && this.status.message?.startsWith('Telegram rate limit')) this.setStatus({ ...this.status, state: 'running', message: null });
        return result;
      } catch (error) {
        const signal = this.controller?.signal;
        if (error instanceof GrammyError && error.error_code === 429 && signal && !signal.aborted && attempt < 3) {
          const seconds = error.parameters.retry_after ?? 1;
          this.setStatus({ ...this.status, state: 'error', message: `Telegram rate limit (429): waiting ${seconds} s before trying again` });
          await this.sleep(seconds * 1000, signal);
          continue;
        }
        if (error instanceof GrammyError && error.error_code === 401) {
          this.refuseToken();
          this.controller?.abort();
        }
        this.options.log(`Telegram: ${this.redact(error)}`);
        return undefined;
      }
    }
    return undefined;
  }

  private onCallback(api: Api, query: CallbackQuery): Promise<void> {
    return handleTap(
      {
        store: this.options.store,
        clock: this.options.clock,
        approvals: this.options.approvals,
        signer: this.signer,
        allowedChatIds: this.status.allowedChatIds,
        utcOffsetMinutes: this.utcOffsetMinutes(),
        answer: (text) => this.call(() => api.answerCallbackQuery(query.id, { text })),
        onProposal: (view) => this.onProposal(view),
      },
      query,
    );
  }

  /** Times in messages are the trader's: the offset their quiet hours are set in. */
  private utcOffsetMinutes(): number {
    return this.options.store.rules().quietHours.utcOffsetMinutes;
  }

  private setStatus(status: TelegramStatusView): void {
    const changed = JSON.stringify(status) !== JSON.stringify(this.status);
    this.status = status;
    if (changed) this.options.onStatus(status);
    if (status.state === 'running' && this.pending.length > 0) this.flushPending();
  }

  /** Sends what waited, in order; a proposal decided or expired meanwhile needs no buttons any more. */
  private flushPending(): void {
    const now = this.options.clock.now();
    for (const { alert, proposal } of this.pending.splice(0)) {
      if (!proposal) {
        void this.send(alert);
        continue;
      }
      // As it is now: one snoozed meanwhile is offered when it comes back, with the expiry it has then.
      const current = this.currentView(proposal.id);
      if (!current || current.status !== 'pending' || this.decided.has(proposal.id) || current.expiresAt <= now) continue;
      void this.send(alert, current);
    }
  }

  private currentView(id: string): ProposalView | undefined {
    try {
      return this.options.approvals.get(id);
    } catch {
      return undefined;
    }
  }

  /** An error in words without the token (network errors repeat the request URL, which holds it). */
  private redact(error: unknown): string {
    // grammY keeps the network error of an HttpError in `error`; it names the request URL.
    const inner: unknown = error instanceof HttpError ? error.error : error instanceof Error ? error.cause : undefined;
    const text = error instanceof Error ? `${error.message}${inner instanceof Error ? ` (${inner.message})` : ''}` : String(error);
    return this.token ? text.split(this.token).join('<token>') : text;
  }
}
