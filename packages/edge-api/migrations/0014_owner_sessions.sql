-- The site owner's console (/admin): addresses that may sign in by a mailed link, the links
-- (single use, stored as hashes only) and the sessions they or a pasted site key open. Sessions
-- are bearer credentials the console keeps for the tab, never cookies.
ALTER TABLE sites ADD COLUMN owner_emails TEXT NOT NULL DEFAULT '[]';

CREATE TABLE owner_sign_in_links (
  token_hash TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  owner_email TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX owner_sign_in_links_by_owner ON owner_sign_in_links (site_id, owner_email, created_at);

CREATE TABLE owner_sessions (
  token_hash TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  -- Who acts through the session, for the admin log: `owner:<address>` or an API key's id.
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL,
  last_used_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX owner_sessions_by_expiry ON owner_sessions (expires_at);
