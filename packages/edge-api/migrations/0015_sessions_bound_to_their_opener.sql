-- Console sessions live only while what opened them holds (issue 19): each names the key or the
-- owner address that opened it, which every use checks, and has an id by which the console lists
-- and ends it and the admin log names it. Sessions open before this migration could have been
-- opened by another session and name neither: they end here (8 hours at most; owners sign in
-- again once).
DROP TABLE owner_sessions;

CREATE TABLE owner_sessions (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  -- What opened it: one of the site's keys, or a sign-in link mailed to an owner address.
  key_id TEXT,
  owner_email TEXT,
  created_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  CHECK ((key_id IS NULL) <> (owner_email IS NULL))
);
CREATE INDEX owner_sessions_by_site ON owner_sessions (site_id, created_at);
CREATE INDEX owner_sessions_by_expiry ON owner_sessions (expires_at);

-- The console session an admin action was done in; null when a key called itself.
ALTER TABLE admin_events ADD COLUMN session_id TEXT;
