-- M1 (issue 21, item 3): re-confirming imported consents by Signet's own double opt-in. One row
-- per person and purpose queued, so a re-run queues no one twice; `sent_at` and `request_id`
-- are set when the person's consent request is written (its email then goes by the outbox).
-- `public_url` is the service's address the start was called at: the cron, which has no request,
-- builds the confirmation link from it.
CREATE TABLE reconfirmations (
  site_id TEXT NOT NULL,
  purpose_id TEXT NOT NULL,
  subject_id TEXT NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  queued_at TEXT NOT NULL,
  public_url TEXT NOT NULL,
  sent_at TEXT,
  request_id TEXT,
  PRIMARY KEY (site_id, purpose_id, subject_id)
);
CREATE INDEX reconfirmations_unsent ON reconfirmations (site_id, sent_at);

-- The most re-confirmation emails a site sends a day, so a large imported list does not burn
-- the sender's reputation; the cron sends each day's share.
ALTER TABLE sites ADD COLUMN reconfirmations_per_day INTEGER NOT NULL DEFAULT 500;
