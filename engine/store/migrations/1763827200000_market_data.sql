-- Instrument details the venue data client loads: contract type, minimum order size, trading status.
ALTER TABLE instruments ADD COLUMN contract TEXT NOT NULL DEFAULT 'none' CHECK (contract IN ('none', 'perpetual', 'future', 'option'));
ALTER TABLE instruments ADD COLUMN min_quantity REAL NOT NULL DEFAULT 0;
ALTER TABLE instruments ADD COLUMN active INTEGER NOT NULL DEFAULT 1;

-- Public trades as received, with the venue's trade id so a replayed or backfilled trade is stored once.
CREATE TABLE trades (
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  trade_id TEXT NOT NULL,
  time INTEGER NOT NULL,
  price REAL NOT NULL,
  amount REAL NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  received_at INTEGER NOT NULL,
  PRIMARY KEY (venue, symbol, trade_id)
) WITHOUT ROWID;

CREATE INDEX trades_by_time ON trades (venue, symbol, time);
