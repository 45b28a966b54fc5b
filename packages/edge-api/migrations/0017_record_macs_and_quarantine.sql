-- Rows written straight into D1 are no longer signed (issue 19, decision 0005). Each record row
-- carries from its insert a MAC under a key derived from the RECORD_KEY secret, which the
-- database never holds (src/crypto/record-mac.ts); the sequencer signs only rows whose MAC
-- verifies. Rows sealed before this migration keep their signature and need no MAC. A row still
-- unsealed when it runs has none and cannot be told from one written by hand: it is quarantined
-- and reported like one (docs/deploy.md says how to check that nothing waits before upgrading).
ALTER TABLE records ADD COLUMN mac TEXT;

-- A row the sequencer refused, moved out of `records` so that it is never retried, never holds
-- up the rows after it, and is never read as a record (reports, checks, exports): the row as it
-- was (JSON), why it was refused (`missing` or `mismatch`) and when.
CREATE TABLE quarantined_records (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason IN ('missing', 'mismatch')),
  row TEXT NOT NULL,
  quarantined_at TEXT NOT NULL
);
CREATE INDEX quarantined_records_by_site ON quarantined_records (site_id, quarantined_at);
