-- Backtests, optimisations and walk-forward analyses. Each row keeps the configuration it ran with and its
-- result as JSON (the views the API returns, checked when read), plus the columns lists and filters use.
CREATE TABLE backtests (
  id TEXT PRIMARY KEY,
  strategy TEXT NOT NULL,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  range_from INTEGER NOT NULL,
  range_to INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  config TEXT NOT NULL,
  summary TEXT NOT NULL,
  result TEXT NOT NULL
);
CREATE INDEX backtests_created ON backtests (created_at);

CREATE TABLE optimizations (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('optimize', 'walkforward')),
  strategy TEXT NOT NULL,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  config TEXT NOT NULL,
  result TEXT NOT NULL
);
CREATE INDEX optimizations_created ON optimizations (kind, created_at);
