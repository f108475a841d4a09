-- Learned models (ml-direction and later ones), one row per trained version of a model for a series.
-- Everything needed to predict and to judge the model travels with it: feature names in order, the
-- standardisation and weights (parameters), the training range and the walk-forward validation metrics.
CREATE TABLE ml_models (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  train_from INTEGER NOT NULL,
  train_to INTEGER NOT NULL,
  feature_names TEXT NOT NULL,
  parameters TEXT NOT NULL,
  metrics TEXT NOT NULL,
  UNIQUE (kind, venue, symbol, timeframe, version)
);
