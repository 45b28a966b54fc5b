-- Abuse protection (rate limits, idempotency, Turnstile), phone numbers for SMS/phone purposes,
-- replaceable requests, consent lifetimes and the anonymous purge counter.

ALTER TABLE sites ADD COLUMN address_limit_per_day INTEGER NOT NULL DEFAULT 3;
ALTER TABLE sites ADD COLUMN client_limit_per_hour INTEGER NOT NULL DEFAULT 30;
ALTER TABLE sites ADD COLUMN turnstile_secret TEXT;

ALTER TABLE subjects ADD COLUMN phone TEXT;
ALTER TABLE subjects ADD COLUMN phone_index TEXT;
CREATE INDEX subjects_by_phone ON subjects (site_id, phone_index);

-- purpose_key: the sorted purpose ids, so a new request for the same purposes replaces the old.
ALTER TABLE consent_requests ADD COLUMN purpose_key TEXT NOT NULL DEFAULT '';
ALTER TABLE consent_requests ADD COLUMN phone TEXT;
ALTER TABLE consent_requests ADD COLUMN phone_index TEXT;
CREATE INDEX consent_requests_replaceable ON consent_requests (site_id, subject_id, purpose_key, status);
CREATE INDEX consent_requests_stale ON consent_requests (status, created_at);

ALTER TABLE consents ADD COLUMN expires_at TEXT;
CREATE INDEX consents_due ON consents (status, expires_at);

-- One row per counted event: `bucket` names what is limited (a keyed hash, never an address or IP).
CREATE TABLE rate_events (
  bucket TEXT NOT NULL,
  at TEXT NOT NULL,
  request_id TEXT
);
CREATE INDEX rate_events_by_bucket ON rate_events (bucket, at);
CREATE INDEX rate_events_by_request ON rate_events (request_id);

CREATE TABLE idempotency_keys (
  site_id TEXT NOT NULL,
  key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (site_id, key)
);

-- What survives of deleted unconfirmed requests (C8): a number per site and day.
CREATE TABLE purge_counts (
  site_id TEXT NOT NULL,
  day TEXT NOT NULL,
  unconfirmed_deleted INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (site_id, day)
);

-- SMS confirmations go through the same outbox as emails.
ALTER TABLE outbox ADD COLUMN channel TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'sms'));
