-- Issue 22, item 2: the shop's own id for a consent request (an order or customer number),
-- sealed under the subject's data key like any contact data, so that erasing the person erases it.
ALTER TABLE consent_requests ADD COLUMN reference_sealed TEXT;

-- Issue 22, item 3 (decision 0009): a key is live or test. A test key's subjects are found by a
-- blind index of their own (a live key never finds them, nor a test key a live one) and are
-- marked here, so that the sequencer, reports and exports pass them by and the cron purges them.
ALTER TABLE site_api_keys ADD COLUMN test INTEGER NOT NULL DEFAULT 0 CHECK (test IN (0, 1));
ALTER TABLE subjects ADD COLUMN test INTEGER NOT NULL DEFAULT 0 CHECK (test IN (0, 1));
CREATE INDEX subjects_test ON subjects (created_at) WHERE test = 1;

-- A test person's records are marked as they are written, by whichever statement writes them:
-- the sequencer never signs them (they stay out of the live log and its checkpoints), and the
-- mark outlives the subject row. Their webhook events are not queued: an event carries a record
-- signed in the log.
ALTER TABLE records ADD COLUMN test INTEGER NOT NULL DEFAULT 0 CHECK (test IN (0, 1));
CREATE TRIGGER records_of_test_subjects AFTER INSERT ON records
WHEN EXISTS (SELECT 1 FROM subjects WHERE id = NEW.subject_id AND test = 1)
BEGIN
  UPDATE records SET test = 1 WHERE id = NEW.id;
END;
CREATE TRIGGER no_webhooks_of_test_subjects AFTER INSERT ON webhook_deliveries
WHEN EXISTS (SELECT 1 FROM subjects WHERE id = NEW.subject_id AND test = 1)
BEGIN
  DELETE FROM webhook_deliveries WHERE id = NEW.id;
END;

-- A test key's messages land here instead of going to a mail or SMS provider; per site, readable
-- by its keys and console, deleted with their subject and at the latest after 7 days.
CREATE TABLE test_mailbox (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  subject_id TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX test_mailbox_site ON test_mailbox (site_id, created_at);
