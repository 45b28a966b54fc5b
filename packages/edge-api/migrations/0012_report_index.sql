-- Reports (A1) count records per site over a period: an index by time keeps that off a scan of
-- the whole log.
CREATE INDEX IF NOT EXISTS records_by_time ON records (site_id, created_at);
