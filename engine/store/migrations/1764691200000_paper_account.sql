-- The paper venue's own state, so a paper account survives a restart or a crash as a real venue's would.
-- Written through on every change of the sim venue, one transaction per matching step (an order sent, a
-- candle, a trade); amounts are integer units as TEXT, like the journal. Positions and cash are not stored:
-- they are rebuilt from the fills and funding payments below, the only things that move them.

-- One row per paper venue: the cash it started with (positions and PnL are replayed on top of it).
CREATE TABLE paper_accounts (
  venue TEXT PRIMARY KEY,
  asset TEXT NOT NULL,
  initial_cash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- The symbols the paper venue lists, the market venue whose prices drive each, and its last price.
CREATE TABLE paper_instruments (
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  market_venue TEXT NOT NULL,
  instrument TEXT NOT NULL,
  last_price REAL,
  PRIMARY KEY (venue, symbol)
);

-- Every order the paper venue knows, as its matcher holds it (live ones rest again after a restart).
-- `record` is the order and its matching state as JSON, integer units as decimal strings.
CREATE TABLE paper_orders (
  venue TEXT NOT NULL,
  client_order_id TEXT NOT NULL,
  symbol TEXT NOT NULL,
  live INTEGER NOT NULL,
  record TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (venue, client_order_id)
);
CREATE INDEX paper_orders_live ON paper_orders (venue, live);

-- Executions of the paper venue, in the order they happened (seq).
CREATE TABLE paper_fills (
  venue TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  client_order_id TEXT NOT NULL,
  venue_order_id TEXT,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity TEXT NOT NULL,
  price TEXT NOT NULL,
  fee TEXT NOT NULL,
  liquidity TEXT NOT NULL,
  time INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (venue, id)
);
CREATE INDEX paper_fills_seq ON paper_fills (venue, seq);

-- Funding payments (positive = paid by the account), MONEY_SCALE units.
CREATE TABLE paper_funding (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  time INTEGER NOT NULL,
  payment TEXT NOT NULL
);

-- An account's equity history (paper or live), so VaR / CVaR and the equity curve survive restarts:
-- each UTC day's last point for ever (equity_daily), and every point of the last days (equity_points,
-- pruned as it is written). Money as decimal strings of the settlement currency, as the API shows it.
CREATE TABLE equity_daily (
  venue TEXT NOT NULL,
  day INTEGER NOT NULL,
  time INTEGER NOT NULL,
  equity TEXT NOT NULL,
  realized_pnl TEXT NOT NULL,
  unrealized_pnl TEXT NOT NULL,
  PRIMARY KEY (venue, day)
);
CREATE TABLE equity_points (
  venue TEXT NOT NULL,
  time INTEGER NOT NULL,
  equity TEXT NOT NULL,
  realized_pnl TEXT NOT NULL,
  unrealized_pnl TEXT NOT NULL,
  PRIMARY KEY (venue, time)
);
