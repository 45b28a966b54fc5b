-- The directory of a sharded deployment: which D1 database (shard) holds each site. A site
-- without a row lives in shard 0 (`DB`), as every site made before shards did (decision 0009).
CREATE TABLE site_shards (
  site_id TEXT PRIMARY KEY,
  shard INTEGER NOT NULL CHECK (shard >= 0),
  placed_at TEXT NOT NULL
);
