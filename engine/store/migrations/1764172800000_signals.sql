-- Strategies attached to a series by the trader; resumed when the engine starts. `anchor` is the open
-- time of the first bar the attachment replays to warm up, kept so a restart rebuilds exactly the same
-- strategy state as an engine that never stopped.
CREATE TABLE strategy_attachments (
  id TEXT PRIMARY KEY,
  strategy TEXT NOT NULL,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  params TEXT NOT NULL,
  anchor INTEGER,
  created_at INTEGER NOT NULL
);

-- Every signal a live strategy produced. The id is derived from the configuration, the series, the bar
-- and the signal's position, so a signal produced again (after a restart, in a replay) is the same row.
-- `time` is the open time of the bar that produced it, `received_at` when the engine produced it.
CREATE TABLE signals (
  id TEXT PRIMARY KEY,
  attachment_id TEXT,
  strategy TEXT NOT NULL,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  time INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('long', 'short', 'flat')),
  strength REAL NOT NULL,
  price REAL NOT NULL,
  stop REAL,
  target REAL,
  probability REAL,
  rationale TEXT NOT NULL,
  regime TEXT,
  modulation TEXT,
  suppressed TEXT
);
CREATE INDEX signals_series_time ON signals (venue, symbol, timeframe, time);
CREATE INDEX signals_attachment_time ON signals (attachment_id, time);
