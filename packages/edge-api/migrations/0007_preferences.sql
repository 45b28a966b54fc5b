-- The person's side (R1, R2, R6): magic links to the preferences page and the short sessions
-- they open. Tokens are stored only as hashes (C7); sessions are bearer credentials, no cookies.

CREATE TABLE preference_links (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  subject_id TEXT NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  -- SHA-256 of the link id and the 8-digit code mailed with it, for opening on another device.
  code_hash TEXT NOT NULL,
  code_tries INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX preference_links_by_subject ON preference_links (subject_id, expires_at);

CREATE TABLE preference_sessions (
  token_hash TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  subject_id TEXT NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX preference_sessions_by_expiry ON preference_sessions (expires_at);

-- Which link a message carries, rendered at send time: `confirm` (the request's) or
-- `preferences` (a preference link's, with its code).
ALTER TABLE outbox ADD COLUMN link_kind TEXT;
ALTER TABLE outbox ADD COLUMN link_ref TEXT;
UPDATE outbox SET link_kind = 'confirm', link_ref = request_id WHERE request_id IS NOT NULL;
