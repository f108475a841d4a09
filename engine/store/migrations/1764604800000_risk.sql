-- The risk engine's kill switch and limits, so a halted engine comes back halted after a restart,
-- and every kill-switch transition with its reason (the risk panel's history).
CREATE TABLE risk_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  state TEXT NOT NULL CHECK (state IN ('ACTIVE', 'REDUCE_ONLY', 'HALTED')),
  reason TEXT,
  trip TEXT CHECK (trip IS NULL OR trip IN ('drawdown', 'daily-loss', 'manual')),
  peak_equity REAL,
  day INTEGER,
  day_start_equity REAL,
  cooldown_until INTEGER NOT NULL DEFAULT 0,
  stop_outs INTEGER NOT NULL DEFAULT 0,
  limits TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE risk_events (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  previous TEXT NOT NULL,
  state TEXT NOT NULL,
  trip TEXT,
  reason TEXT NOT NULL
);
CREATE INDEX risk_events_at ON risk_events (at);
