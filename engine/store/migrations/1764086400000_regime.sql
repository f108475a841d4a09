-- Fitted regime models per candle series. A new fit adds a model (version counts up per series); the
-- newest one is the series' current model. Parameters, feature scaling, labels and statistics are JSON.
CREATE TABLE regime_models (
  id TEXT PRIMARY KEY,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  fitted_from INTEGER NOT NULL,
  fitted_to INTEGER NOT NULL,
  bars INTEGER NOT NULL,
  states INTEGER NOT NULL,
  log_likelihood REAL NOT NULL,
  iterations INTEGER NOT NULL,
  bic REAL NOT NULL,
  model TEXT NOT NULL,
  UNIQUE (venue, symbol, timeframe, version)
);

-- Every filtered state the detector published, with the bar it belongs to and when the engine computed it
-- (received_at), so a replay sees a regime only from the moment it was known.
CREATE TABLE regime_states (
  model_id TEXT NOT NULL REFERENCES regime_models (id) ON DELETE CASCADE,
  time INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  regime TEXT NOT NULL,
  confidence REAL NOT NULL,
  probabilities TEXT NOT NULL,
  PRIMARY KEY (model_id, time)
) WITHOUT ROWID;
