-- Every headline and post the sentiment sources delivered, stored when it arrived (received_at), before
-- scoring, so nothing received is lost and backtests replay exactly what was known at each moment.
CREATE TABLE sentiment_items (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  external_id TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT,
  url TEXT,
  author TEXT,
  published_at INTEGER,
  received_at INTEGER NOT NULL,
  symbols TEXT NOT NULL DEFAULT '[]',
  events TEXT NOT NULL DEFAULT '[]',
  -- Filled in when the model has scored the item; NULL while it waits or if scoring failed.
  label TEXT,
  polarity REAL,
  confidence REAL,
  probabilities TEXT,
  model TEXT,
  scored_at INTEGER,
  UNIQUE (source_id, external_id)
);
CREATE INDEX sentiment_items_received ON sentiment_items (received_at);

-- Aggregated sentiment per symbol and window as it was known at `at` (the arrival time of the item that moved it).
CREATE TABLE sentiment_aggregates (
  symbol TEXT NOT NULL,
  time_window TEXT NOT NULL,
  at INTEGER NOT NULL,
  score REAL NOT NULL,
  confidence REAL NOT NULL,
  count INTEGER NOT NULL,
  spike INTEGER NOT NULL,
  PRIMARY KEY (symbol, time_window, at)
) WITHOUT ROWID;
