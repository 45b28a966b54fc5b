-- The floor worker's one table: what a consent request would at least have to write.
CREATE TABLE submissions (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  email TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
