-- Resets of a paper account. A reset starts the account afresh (new starting cash, no positions, no resting
-- orders, an empty equity curve) and moves what made up the old account here, under the reset's id, so the
-- history stays queryable. The order journal (orders, fills, audit_log) is never touched by a reset: its
-- paper orders were cancelled through the venue first, and its fills remain what happened.

CREATE TABLE paper_resets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  venue TEXT NOT NULL,
  at INTEGER NOT NULL,
  -- Who asked, as the audit log names actors (JSON).
  actor TEXT NOT NULL,
  asset TEXT NOT NULL,
  -- The old account: its starting cash and, at the reset, its equity and net realized PnL (MONEY_SCALE units as TEXT).
  previous_initial_cash TEXT NOT NULL,
  previous_equity TEXT NOT NULL,
  previous_realized_pnl TEXT NOT NULL,
  -- Open positions dropped and resting orders cancelled, as the trader was told.
  positions_closed INTEGER NOT NULL,
  orders_cancelled INTEGER NOT NULL,
  -- The new account's starting cash.
  initial_cash TEXT NOT NULL
);
CREATE INDEX paper_resets_venue ON paper_resets (venue, at);

-- The old account's executions and funding, as paper_fills and paper_funding held them.
CREATE TABLE paper_fills_archive (
  reset_id INTEGER NOT NULL REFERENCES paper_resets (id),
  venue TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  client_order_id TEXT NOT NULL,
  venue_order_id TEXT,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL,
  quantity TEXT NOT NULL,
  price TEXT NOT NULL,
  fee TEXT NOT NULL,
  liquidity TEXT NOT NULL,
  time INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (reset_id, id)
);

CREATE TABLE paper_funding_archive (
  reset_id INTEGER NOT NULL REFERENCES paper_resets (id),
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  time INTEGER NOT NULL,
  payment TEXT NOT NULL
);
CREATE INDEX paper_funding_archive_reset ON paper_funding_archive (reset_id);

-- The old account's equity curve: its daily closes and its recent points.
CREATE TABLE paper_equity_archive (
  reset_id INTEGER NOT NULL REFERENCES paper_resets (id),
  venue TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('daily', 'point')),
  time INTEGER NOT NULL,
  equity TEXT NOT NULL,
  realized_pnl TEXT NOT NULL,
  unrealized_pnl TEXT NOT NULL
);
CREATE INDEX paper_equity_archive_reset ON paper_equity_archive (reset_id, kind, time);
