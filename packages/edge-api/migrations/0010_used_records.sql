-- P4, § 7a UWG: a telephone consent's proof is kept five years after each use, so each use gets
-- a signed `used` record. The event list is a CHECK constraint, so `records` is rebuilt; nothing
-- references it. Rows keep every column, sealed or not.
CREATE TABLE records_next (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  seq INTEGER,
  subject_id TEXT NOT NULL,
  email_hash TEXT,
  phone_hash TEXT,
  purpose_id TEXT NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('requested', 'confirmed', 'withdrawn', 'expired', 'erased', 'used')),
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
INSERT INTO records_next
  SELECT id, site_id, seq, subject_id, email_hash, phone_hash, purpose_id, event, wording_version,
         request_id, page_url, form, evidence_ip, evidence_user_agent, created_at, prev_hash, hash,
         kid, sig
    FROM records;
DROP TABLE records;
ALTER TABLE records_next RENAME TO records;
CREATE INDEX records_by_subject ON records (site_id, subject_id, purpose_id);
CREATE INDEX records_unsequenced ON records (site_id, seq);
CREATE INDEX records_unsealed ON records (site_id) WHERE seq IS NULL;
