-- Signed, hash-linked records (P2, P3). A record row is written in the same batch as the state
-- change it records, with every field it will sign; the per-site sequencer then gives it its
-- sequence number, the hash of the previous record and an Ed25519 signature.

CREATE TABLE records_new (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  seq INTEGER,
  subject_id TEXT NOT NULL,
  email_hash TEXT,
  phone_hash TEXT,
  purpose_id TEXT NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('requested', 'confirmed', 'withdrawn', 'expired', 'erased')),
  wording_version TEXT NOT NULL,
  request_id TEXT,
  page_url TEXT,
  form TEXT,
  evidence_ip TEXT,
  evidence_user_agent TEXT,
  created_at TEXT NOT NULL,
  prev_hash TEXT,
  hash TEXT,
  kid TEXT,
  sig TEXT,
  UNIQUE (site_id, seq)
);
INSERT INTO records_new (id, site_id, seq, subject_id, purpose_id, event, wording_version, request_id, page_url, created_at)
  SELECT id, site_id, NULL, subject_id, purpose_id, event, wording_version, request_id, page_url, created_at FROM records;
DROP TABLE records;
ALTER TABLE records_new RENAME TO records;
CREATE INDEX records_by_subject ON records (site_id, subject_id, purpose_id);
CREATE INDEX records_unsequenced ON records (site_id, seq);

-- The head of each site's log: the guard that lets only one sequencer pass extend it.
CREATE TABLE log_heads (
  site_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);

CREATE TABLE checkpoints (
  site_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  head_hash TEXT NOT NULL,
  at TEXT NOT NULL,
  kid TEXT NOT NULL,
  sig TEXT NOT NULL,
  PRIMARY KEY (site_id, seq, at)
);

-- Every public key that ever signed, kept after rotation so old records still verify.
CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  public_jwk TEXT NOT NULL,
  first_used_at TEXT NOT NULL
);

-- How the client IP enters a record as evidence: truncated to /24 or /48, or as a keyed hash.
ALTER TABLE sites ADD COLUMN evidence_ip TEXT NOT NULL DEFAULT 'truncate' CHECK (evidence_ip IN ('truncate', 'hash'));
