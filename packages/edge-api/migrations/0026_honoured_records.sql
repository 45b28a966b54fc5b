-- A5: the owner's systems acknowledge that a withdrawal or erasure reached them, as a signed
-- `honoured` record that names the record it honours and the system (`honours_record`,
-- `honours_system`). The event list was a CHECK constraint, which only a rebuild can change; it
-- becomes a trigger here, so that a later record kind replaces the trigger instead of rebuilding
-- `records` again. Rows keep every column, sealed or not; nothing references `records`.
CREATE TABLE records_next (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  seq INTEGER,
  subject_id TEXT NOT NULL,
  email_hash TEXT,
  phone_hash TEXT,
  purpose_id TEXT NOT NULL,
  event TEXT NOT NULL,
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
  honours_record TEXT,
  honours_system TEXT,
  UNIQUE (site_id, seq),
  CHECK ((event = 'honoured') = (honours_record IS NOT NULL AND honours_system IS NOT NULL))
);
INSERT INTO records_next
  SELECT id, site_id, seq, subject_id, email_hash, phone_hash, purpose_id, event, wording_version,
         request_id, page_url, form, evidence_ip, evidence_user_agent, created_at, prev_hash, hash,
         kid, sig, mac, NULL, NULL
    FROM records;
DROP TABLE records;
ALTER TABLE records_next RENAME TO records;
CREATE INDEX records_by_subject ON records (site_id, subject_id, purpose_id);
CREATE INDEX records_unsequenced ON records (site_id, seq);
CREATE INDEX records_unsealed ON records (site_id) WHERE seq IS NULL;
CREATE INDEX records_by_time ON records (site_id, created_at);
CREATE INDEX records_by_email_hash ON records (site_id, email_hash) WHERE email_hash IS NOT NULL;
CREATE INDEX records_by_phone_hash ON records (site_id, phone_hash) WHERE phone_hash IS NOT NULL;
-- One acknowledgement per record and system: the same system acknowledging twice is one record.
CREATE UNIQUE INDEX records_honoured_once ON records (site_id, honours_record, honours_system)
  WHERE event = 'honoured';
-- What still waits for a system is found from the withdrawals and erasures by time.
CREATE INDEX records_stops ON records (site_id, event, created_at)
  WHERE event IN ('withdrawn', 'erased');

CREATE TRIGGER records_known_events BEFORE INSERT ON records
WHEN NEW.event NOT IN ('requested', 'confirmed', 'withdrawn', 'expired', 'erased', 'used', 'honoured')
BEGIN
  SELECT RAISE(ABORT, 'unknown record event');
END;

-- As in 0011 (dropped with the old table): the event is written with the record that is the change.
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

-- The systems that must acknowledge (JSON array of names), so that "waiting" is defined, and
-- after how many hours a withdrawal not acknowledged by one of them raises `consent.unhonoured`.
ALTER TABLE sites ADD COLUMN honour_systems TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sites ADD COLUMN honour_within_hours INTEGER NOT NULL DEFAULT 24;

-- `consent.unhonoured` names the system that has not acknowledged.
ALTER TABLE webhook_deliveries ADD COLUMN system TEXT;
