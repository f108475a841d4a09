-- The execution journal. Amounts are integer units stored as TEXT (exact, any size): prices in the
-- instrument's price units, quantities in its quantity units, money in MONEY_SCALE units. Each row keeps
-- the scales it was written with, so it can be shown without the instrument at hand.

-- Every order intent, written BEFORE the venue hears of it; client_order_id is deterministic, so a
-- resubmission after a crash or a timeout reuses it and the venue never sees the order twice.
CREATE TABLE orders (
  client_order_id TEXT PRIMARY KEY,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  type TEXT NOT NULL CHECK (type IN ('market', 'limit', 'stop-market', 'stop-limit')),
  quantity TEXT NOT NULL,
  price TEXT,
  trigger_price TEXT,
  time_in_force TEXT NOT NULL,
  reduce_only INTEGER NOT NULL,
  stop_loss TEXT,
  take_profit TEXT,
  proposal_id TEXT,
  strategy TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'submitted', 'open', 'partially-filled', 'filled', 'cancelled', 'rejected', 'expired')),
  venue_order_id TEXT,
  filled_quantity TEXT NOT NULL,
  average_price TEXT,
  reason TEXT,
  price_scale INTEGER NOT NULL,
  quantity_scale INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX orders_open ON orders (status) WHERE status IN ('pending', 'submitted', 'open', 'partially-filled');
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX orders_proposal ON orders (proposal_id);

-- What happened to each order, and every difference reconciliation corrected (client_order_id is null
-- for an account-level difference such as a balance).
CREATE TABLE order_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  client_order_id TEXT,
  venue TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT,
  detail TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events (client_order_id, id);
CREATE INDEX order_events_kind ON order_events (kind, id);

-- Executions, once each: the venue's execution id is unique per venue.
CREATE TABLE fills (
  venue TEXT NOT NULL,
  id TEXT NOT NULL,
  client_order_id TEXT NOT NULL,
  venue_order_id TEXT,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity TEXT NOT NULL,
  price TEXT NOT NULL,
  fee TEXT NOT NULL,
  liquidity TEXT NOT NULL CHECK (liquidity IN ('maker', 'taker')),
  time INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (venue, id)
);
CREATE INDEX fills_order ON fills (client_order_id);
CREATE INDEX fills_time ON fills (venue, time);

-- Proposals: one per signal and trading mode (the id is derived from both), with their risk preview.
CREATE TABLE proposals (
  id TEXT PRIMARY KEY,
  signal_id TEXT NOT NULL,
  strategy TEXT NOT NULL,
  venue TEXT NOT NULL,
  symbol TEXT NOT NULL,
  timeframe TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  order_type TEXT NOT NULL CHECK (order_type IN ('market', 'limit')),
  reduce_only INTEGER NOT NULL,
  entry TEXT NOT NULL,
  quantity TEXT NOT NULL,
  stop TEXT,
  target TEXT,
  risk_money TEXT NOT NULL,
  risk_fraction REAL NOT NULL,
  estimated_fees TEXT NOT NULL,
  leverage REAL NOT NULL,
  liquidation_price TEXT,
  regime TEXT,
  sentiment_context TEXT,
  whale_context TEXT,
  rationale TEXT NOT NULL,
  confidence REAL NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'snoozed', 'submitted', 'failed')),
  mode TEXT NOT NULL CHECK (mode IN ('paper', 'live')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  snoozed_until INTEGER,
  min_price TEXT,
  max_price TEXT,
  decided_at INTEGER,
  decided_by TEXT,
  client_order_id TEXT,
  reason TEXT,
  price_scale INTEGER NOT NULL,
  quantity_scale INTEGER NOT NULL
);
CREATE INDEX proposals_created ON proposals (created_at);
CREATE INDEX proposals_open ON proposals (status) WHERE status IN ('pending', 'snoozed', 'approved');

-- Every decision and control action: what, when, by whom (trader, policy or the engine itself).
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  actor TEXT NOT NULL,
  proposal_id TEXT,
  strategy TEXT,
  detail TEXT NOT NULL
);
CREATE INDEX decisions_proposal ON decisions (proposal_id, id);
CREATE INDEX decisions_strategy ON decisions (strategy, id);
