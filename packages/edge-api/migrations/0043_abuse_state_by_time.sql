-- Issue 23: every cron pass forgets rate-limit events older than two days and idempotency keys
-- older than one (services/retention.ts forgetOldAbuseState), and neither table was indexed by
-- time: each pass read every event of the last two days (several a consent request) and every key
-- of the last day to delete the few that had aged (store/cron-lookups.test.ts).
-- What it costs: an index entry per event and per key, for as long as they are kept (two days and
-- one); neither table is evidence, and neither is counted in the bytes a consent keeps.
CREATE INDEX rate_events_by_time ON rate_events (at);
CREATE INDEX idempotency_keys_by_time ON idempotency_keys (created_at);
