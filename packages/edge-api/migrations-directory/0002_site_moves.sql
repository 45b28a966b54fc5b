-- Moves an operator asks for (`wrangler d1 execute DIRECTORY --remote --command "INSERT INTO
-- site_moves (site_id, to_shard, asked_at) VALUES ('shop', 2, datetime('now'))"`): the next cron
-- pass moves the site and writes what happened (services/site-move.ts, decision 0009).
CREATE TABLE site_moves (
  site_id TEXT PRIMARY KEY,
  to_shard INTEGER NOT NULL CHECK (to_shard >= 0),
  asked_at TEXT NOT NULL,
  done_at TEXT,
  outcome TEXT
);
