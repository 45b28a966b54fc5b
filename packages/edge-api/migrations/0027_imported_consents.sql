-- M1 (issue 21): consents brought in from another system. A consent has a basis: Signet's own
-- double opt-in, or an import reported by the site owner. An imported consent's record is of
-- its own kind (`imported`), never `confirmed`, and carries what the source reported as a JSON
-- object (`import_evidence`, covered by the row's MAC and signed with the record).
ALTER TABLE consents ADD COLUMN basis TEXT NOT NULL DEFAULT 'double-opt-in'
  CHECK (basis IN ('double-opt-in', 'imported'));
-- The confirmation time the source reported for an imported consent (its DOI evidence); null
-- for one without, and for Signet's own consents (their confirmation is `confirmed_at`).
ALTER TABLE consents ADD COLUMN imported_confirmed_at TEXT;

-- The owner's setting per purpose: whether imported consents without DOI evidence count for
-- `mayContact` (`count`), do not (`ignore`, the default), or count until `imported_until`.
ALTER TABLE purposes ADD COLUMN imported_without_evidence TEXT NOT NULL DEFAULT 'ignore'
  CHECK (imported_without_evidence IN ('count', 'ignore', 'until'));
ALTER TABLE purposes ADD COLUMN imported_until TEXT;

-- The event list is a CHECK constraint, so `records` is rebuilt with `imported` and the
-- evidence column; the trigger and indexes on it go with the old table and are made again.
CREATE TABLE records_next (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  seq INTEGER,
  subject_id TEXT NOT NULL,
  email_hash TEXT,
  phone_hash TEXT,
  purpose_id TEXT NOT NULL,
  event TEXT NOT NULL
    CHECK (event IN ('requested', 'confirmed', 'withdrawn', 'expired', 'erased', 'used', 'imported')),
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
  mac TEXT,
  import_evidence TEXT,
  UNIQUE (site_id, seq)
);
INSERT INTO records_next
  SELECT id, site_id, seq, subject_id, email_hash, phone_hash, purpose_id, event, wording_version,
         request_id, page_url, form, evidence_ip, evidence_user_agent, created_at, prev_hash, hash,
         kid, sig, mac, NULL
    FROM records;
DROP TABLE records;
ALTER TABLE records_next RENAME TO records;
CREATE INDEX records_by_subject ON records (site_id, subject_id, purpose_id);
CREATE INDEX records_unsequenced ON records (site_id, seq);
CREATE INDEX records_unsealed ON records (site_id) WHERE seq IS NULL;
CREATE INDEX records_by_time ON records (site_id, created_at);
CREATE INDEX records_by_email_hash ON records (site_id, email_hash) WHERE email_hash IS NOT NULL;
CREATE INDEX records_by_phone_hash ON records (site_id, phone_hash) WHERE phone_hash IS NOT NULL;

-- As in 0011: an import is no consent event of Signet's own, so it queues no webhook.
CREATE TRIGGER records_to_webhooks AFTER INSERT ON records
WHEN NEW.event IN ('confirmed', 'withdrawn', 'expired', 'erased')
BEGIN
  INSERT OR IGNORE INTO webhook_deliveries
    (id, endpoint_id, site_id, type, subject_id, purpose_id, record_id, request_id, status,
     attempts, next_attempt_at, created_at)
  SELECT
    'evt_' || CASE WHEN NEW.event = 'erased' THEN 'erased_' || NEW.subject_id ELSE NEW.id END
      || '.' || e.id,
    e.id, NEW.site_id,
    CASE NEW.event
      WHEN 'confirmed' THEN 'consent.confirmed'
      WHEN 'withdrawn' THEN 'consent.withdrawn'
      WHEN 'expired' THEN 'consent.expired'
      ELSE 'subject.erased'
    END,
    NEW.subject_id, NEW.purpose_id, NEW.id, NEW.request_id, 'pending', 0, NEW.created_at,
    NEW.created_at
  FROM webhook_endpoints e
  WHERE e.site_id = NEW.site_id
    AND EXISTS (
      SELECT 1 FROM json_each(e.events)
       WHERE value = CASE NEW.event
         WHEN 'confirmed' THEN 'consent.confirmed'
         WHEN 'withdrawn' THEN 'consent.withdrawn'
         WHEN 'expired' THEN 'consent.expired'
         ELSE 'subject.erased'
       END);
END;
