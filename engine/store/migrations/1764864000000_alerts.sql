-- Alerts raised by the alert engine (the alert centre), where each was delivered or why a push was held back.
CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  symbol TEXT,
  proposal_id TEXT,
  dedup_key TEXT NOT NULL,
  read INTEGER NOT NULL DEFAULT 0,
  channels TEXT NOT NULL,
  suppressed TEXT CHECK (suppressed IS NULL OR suppressed IN ('duplicate', 'rate-limit', 'quiet-hours'))
);
CREATE INDEX alerts_at ON alerts (at);
CREATE INDEX alerts_unread ON alerts (read, at);

-- Alert rules and Telegram settings (enabled, allowed chats) as JSON documents; the bot token is never here.
CREATE TABLE alert_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- Telegram messages that carry a proposal's buttons, edited when the proposal is decided.
CREATE TABLE telegram_messages (
  proposal_id TEXT NOT NULL,
  chat_id TEXT NOT NULL,
  message_id INTEGER NOT NULL,
  sent_at INTEGER NOT NULL,
  PRIMARY KEY (proposal_id, chat_id)
);

-- Every button tap: who, from where, what it asked, and what came of it. A callback that acted once is
-- found here (outcome 'approved' or 'rejected'), so a second tap never acts again.
CREATE TABLE telegram_callbacks (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  callback_data TEXT NOT NULL,
  chat_id TEXT,
  user_id TEXT,
  proposal_id TEXT,
  action TEXT,
  outcome TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX telegram_callbacks_data ON telegram_callbacks (callback_data);
CREATE UNIQUE INDEX telegram_callbacks_acted ON telegram_callbacks (proposal_id) WHERE outcome = 'acted';
