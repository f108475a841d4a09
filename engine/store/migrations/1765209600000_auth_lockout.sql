-- Failed pairing/hello attempts per remote address and the lockouts they caused, so that restarting
-- `stratus serve` does not hand a guesser a fresh set of tries. Rows are deleted once they expire.
CREATE TABLE auth_lockout (
  address TEXT PRIMARY KEY,
  -- JSON array of the times (ms) of failures still inside the counting window.
  failures TEXT NOT NULL,
  -- Until when the address is refused outright; 0 when it is not locked out.
  locked_until INTEGER NOT NULL,
  -- When the row stops mattering: the later of locked_until and the last failure's window end.
  expires_at INTEGER NOT NULL
);
CREATE INDEX auth_lockout_expires ON auth_lockout (expires_at);
