-- Instruments known to the engine, per venue. Precision drives the integer money units.
CREATE TABLE instruments (
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  base TEXT NOT NULL,
  quote TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('spot', 'linear', 'inverse', 'option', 'stock')),
  tick_size REAL NOT NULL,
  lot_step REAL NOT NULL,
  min_notional REAL NOT NULL DEFAULT 0,
  price_scale INTEGER NOT NULL,
  quantity_scale INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (venue, symbol)
) WITHOUT ROWID;

-- One row per (venue, symbol, timeframe), so each candle row carries a small integer instead of three strings.
CREATE TABLE candle_series (
  id INTEGER PRIMARY KEY,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  UNIQUE (venue, symbol, timeframe)
);

-- Clustered on (series, open time): unique per candle, range scans read contiguous pages,
-- and appends in time order insert at the end of the b-tree.
CREATE TABLE candles (
  series_id INTEGER NOT NULL REFERENCES candle_series (id),
  open_time INTEGER NOT NULL,
  open REAL NOT NULL,
  high REAL NOT NULL,
  low REAL NOT NULL,
  close REAL NOT NULL,
  volume REAL NOT NULL,
  -- When the engine received or imported the candle, so replays see only what was known then.
  received_at INTEGER NOT NULL,
  PRIMARY KEY (series_id, open_time)
) WITHOUT ROWID;

CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
