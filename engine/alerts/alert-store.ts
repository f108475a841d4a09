import type Database from 'better-sqlite3';
import { alertRulesSchema, DEFAULT_ALERT_RULES, type AlertChannel, type AlertRules, type AlertView } from './alert-types';

type AlertRow = {
  id: string;
  at: number;
  kind: AlertView['kind'];
  severity: AlertView['severity'];
  title: string;
  body: string;
  symbol: string | null;
  proposal_id: string | null;
  read: number;
  channels: string;
  suppressed: AlertView['suppressed'];
};

/** Telegram settings kept beside the rules; the token itself lives in the secret store. */
export type TelegramSettings = { readonly enabled: boolean; readonly allowedChatIds: readonly string[] };

const DEFAULT_TELEGRAM: TelegramSettings = { enabled: false, allowedChatIds: [] };

export type CallbackRecord = {
  readonly at: number;
  readonly callbackData: string;
  readonly chatId: string | null;
  readonly userId: string | null;
  readonly proposalId: string | null;
  readonly action: 'approve' | 'reject' | 'snooze' | null;
  /** 'acted' once per proposal and round; 'refused' for everything that did nothing. */
  readonly outcome: 'acted' | 'refused';
  /** 0 for Approve / Reject (once per proposal); a snooze's signed expiry (once each time the proposal is offered). */
  readonly round?: number;
  readonly detail: string;
};

function toView(row: AlertRow): AlertView {
  return {
    id: row.id,
    at: row.at,
    kind: row.kind,
    severity: row.severity,
    title: row.title,
    body: row.body,
    symbol: row.symbol,
    proposalId: row.proposal_id,
    read: row.read === 1,
    channels: JSON.parse(row.channels) as AlertChannel[],
    suppressed: row.suppressed,
  };
}

/** Alerts, rules, Telegram settings, proposal messages and button taps in SQLite. */
export class AlertStore {
  constructor(private readonly db: Database.Database) {}

  insert(alert: AlertView, dedupKey: string): void {
    this.db
      .prepare(
        `INSERT INTO alerts (id, at, kind, severity, title, body, symbol, proposal_id, dedup_key, read, channels, suppressed)
         VALUES (@id, @at, @kind, @severity, @title, @body, @symbol, @proposalId, @dedupKey, @read, @channels, @suppressed)`,
      )
      .run({ ...alert, dedupKey, read: alert.read ? 1 : 0, channels: JSON.stringify(alert.channels) });
  }

  /** Records where an alert was delivered once its pushes have been handed over. */
  setChannels(id: string, channels: readonly AlertChannel[]): void {
    this.db.prepare('UPDATE alerts SET channels = ? WHERE id = ?').run(JSON.stringify(channels), id);
  }

  list(query: { readonly limit: number; readonly before?: number; readonly unreadOnly: boolean }): AlertView[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM alerts WHERE (@before IS NULL OR at < @before) AND (@unreadOnly = 0 OR read = 0)
         ORDER BY at DESC, id DESC LIMIT @limit`,
      )
      .all({ before: query.before ?? null, unreadOnly: query.unreadOnly ? 1 : 0, limit: query.limit }) as AlertRow[];
    return rows.map(toView);
  }

  markRead(ids: readonly string[] | 'all'): number {
    if (ids === 'all') this.db.prepare('UPDATE alerts SET read = 1 WHERE read = 0').run();
    else {
      const mark = this.db.prepare('UPDATE alerts SET read = 1 WHERE id = ?');
      this.db.transaction(() => ids.forEach((id) => mark.run(id)))();
    }
    return this.unread();
  }

  unread(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM alerts WHERE read = 0').get() as { n: number }).n;
  }

  rules(): AlertRules {
    const stored = this.setting('rules');
    if (stored === undefined) return DEFAULT_ALERT_RULES;
    const parsed = alertRulesSchema.safeParse(stored);
    // Rules written by an older engine that no longer parse fall back to the defaults rather than stop alerts.
    return parsed.success ? parsed.data : DEFAULT_ALERT_RULES;
  }

  setRules(rules: AlertRules, at: number): void {
    this.putSetting('rules', rules, at);
  }

  telegram(): TelegramSettings {
    const stored = this.setting('telegram') as Partial<TelegramSettings> | undefined;
    return { ...DEFAULT_TELEGRAM, ...stored };
  }

  setTelegram(settings: TelegramSettings, at: number): void {
    this.putSetting('telegram', settings, at);
  }

  rememberMessage(proposalId: string, chatId: string, messageId: number, at: number): void {
    this.db.prepare('INSERT OR REPLACE INTO telegram_messages (proposal_id, chat_id, message_id, sent_at) VALUES (?, ?, ?, ?)').run(proposalId, chatId, messageId, at);
  }

  messagesOf(proposalId: string): { chatId: string; messageId: number }[] {
    return this.db.prepare('SELECT chat_id AS chatId, message_id AS messageId FROM telegram_messages WHERE proposal_id = ?').all(proposalId) as { chatId: string; messageId: number }[];
  }

  /**
   * Records a tap. An 'acted' record is unique per proposal and round: a second one is not recorded
   * (false), so of two taps racing for one proposal only the first acts.
   */
  recordCallback(record: CallbackRecord): boolean {
    const result = this.db
      .prepare(
        `INSERT OR IGNORE INTO telegram_callbacks (at, callback_data, chat_id, user_id, proposal_id, action, outcome, detail, round)
         VALUES (@at, @callbackData, @chatId, @userId, @proposalId, @action, @outcome, @detail, @round)`,
      )
      .run({ ...record, round: record.round ?? 0 });
    return result.changes === 1;
  }

  /**
   * Writes what came of the tap that claimed a proposal; one the queue refused (already decided in the
   * window, expired) is turned into a refusal, since it decided nothing.
   */
  settleCallback(proposalId: string, detail: string, outcome: CallbackRecord['outcome'] = 'acted', round = 0): void {
    this.db.prepare("UPDATE telegram_callbacks SET detail = ?, outcome = ? WHERE proposal_id = ? AND round = ? AND outcome = 'acted'").run(detail, outcome, proposalId, round);
  }

  callbacks(limit = 200): CallbackRecord[] {
    return this.db
      .prepare(
        `SELECT at, callback_data AS callbackData, chat_id AS chatId, user_id AS userId, proposal_id AS proposalId, action, outcome, detail, round
         FROM telegram_callbacks ORDER BY id DESC LIMIT ?`,
      )
      .all(limit) as CallbackRecord[];
  }

  private setting(name: string): unknown {
    const row = this.db.prepare('SELECT value FROM alert_settings WHERE name = ?').get(name) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  }

  private putSetting(name: string, value: unknown, at: number): void {
    this.db
      .prepare('INSERT INTO alert_settings (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at')
      .run(name, JSON.stringify(value), at);
  }
}
