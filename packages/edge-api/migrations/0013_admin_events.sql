-- Every change a site owner makes through the admin API, by which key: the owner's own audit
-- trail (who changed a wording, who erased someone, who created a key).
CREATE TABLE admin_events (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  key_id TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT,
  status INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX admin_events_by_site ON admin_events (site_id, created_at);
