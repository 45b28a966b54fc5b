-- Which shards a site left, written with a move's flip (services/site-move.ts, decision 0009).
-- A link, session or key handed out before the move names the old shard; when it opens nothing
-- there, the routing tries the shards these sites live in now. Kept: unsubscribe links in old
-- mails and site keys do not expire.
CREATE TABLE site_departures (
  from_shard INTEGER NOT NULL CHECK (from_shard >= 0),
  site_id TEXT NOT NULL,
  moved_at TEXT NOT NULL,
  PRIMARY KEY (from_shard, site_id)
);
