-- On-chain transfers: whale transfers and every transfer touching a labelled exchange (for flows).
-- One row per (chain, transaction, log index), so a restart or a re-scan never stores a transfer twice.
CREATE TABLE onchain_transfers (
  chain TEXT NOT NULL,
  tx_hash TEXT NOT NULL,
  -- Native-coin transfers have no log: -1.
  log_index INTEGER NOT NULL,
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  block_time INTEGER NOT NULL,
  -- When the engine first received it, so replays see only what was known then.
  received_at INTEGER NOT NULL,
  token TEXT NOT NULL,
  token_address TEXT,
  from_address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  from_label TEXT,
  to_label TEXT,
  from_exchange TEXT,
  to_exchange TEXT,
  amount TEXT NOT NULL,
  amount_value REAL NOT NULL,
  price_usd REAL,
  value_usd REAL,
  classification TEXT NOT NULL,
  severity TEXT NOT NULL,
  whale INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'final', 'retracted')),
  explorer_url TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (chain, tx_hash, log_index)
) WITHOUT ROWID;

CREATE INDEX onchain_transfers_by_block ON onchain_transfers (chain, block_number);
CREATE INDEX onchain_transfers_whales ON onchain_transfers (whale, block_time);
CREATE INDEX onchain_transfers_to_exchange ON onchain_transfers (to_exchange, token, block_time) WHERE to_exchange IS NOT NULL;
CREATE INDEX onchain_transfers_from_exchange ON onchain_transfers (from_exchange, token, block_time) WHERE from_exchange IS NOT NULL;

-- The last block each chain's watcher has fully processed; it resumes after it.
CREATE TABLE onchain_cursors (
  chain TEXT PRIMARY KEY,
  block_number INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Hashes of the recent, not yet final blocks: comparing them with the chain finds where a reorg forked.
CREATE TABLE onchain_blocks (
  chain TEXT NOT NULL,
  number INTEGER NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (chain, number)
) WITHOUT ROWID;

-- Exchange flows per chain, token, exchange and time bucket, recomputed from the stored transfers.
CREATE TABLE onchain_flows (
  chain TEXT NOT NULL,
  token TEXT NOT NULL,
  exchange TEXT NOT NULL,
  window_ms INTEGER NOT NULL,
  start INTEGER NOT NULL,
  inflow REAL NOT NULL,
  outflow REAL NOT NULL,
  inflow_usd REAL,
  outflow_usd REAL,
  transfers INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (chain, token, exchange, window_ms, start)
) WITHOUT ROWID;

-- Labels the trader added in the UI; the shipped ones live in resources/labels.
CREATE TABLE onchain_labels (
  chain TEXT NOT NULL,
  address TEXT NOT NULL,
  name TEXT NOT NULL,
  entity TEXT NOT NULL,
  kind TEXT NOT NULL,
  source TEXT NOT NULL,
  added_at INTEGER NOT NULL,
  PRIMARY KEY (chain, address)
) WITHOUT ROWID;
