-- Remote access: paired devices, one-time pairing codes and the audit log of privileged calls.
-- Tokens and codes are stored only as SHA-256 digests (hex): a copied database hands out no access.

-- A device paired with this engine; its token is shown once, at pairing, and kept here only as a digest.
CREATE TABLE auth_devices (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'trader', 'admin')),
  token_digest TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER,
  expires_at INTEGER,
  revoked_at INTEGER
);

-- Short codes `stratus serve` / `stratus pair` / auth.createPairingCode print; each pairs one device, once.
CREATE TABLE auth_pairing_codes (
  code_digest TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'trader', 'admin')),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  -- How long the token of the device it pairs stays valid; NULL: until revoked.
  device_ttl_seconds INTEGER,
  used_at INTEGER,
  device_id TEXT
);

-- Every trader/admin call and every refusal for lack of role. `detail` never holds a secret.
CREATE TABLE auth_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  method TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'error')),
  detail TEXT NOT NULL
);
CREATE INDEX auth_audit_at ON auth_audit (at);
