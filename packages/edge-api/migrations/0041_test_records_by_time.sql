-- Issue 23: every cron pass deletes the test records older than a week (services/test-mode.ts
-- purgeTestData, store/records.ts deleteTestRecordsBefore: `test = 1 AND created_at < ?`), and no
-- index held test records, so each pass read every record of the shard (EXPLAIN QUERY PLAN: SCAN
-- records; store/record-lookups.test.ts measured 200 rows more for 200 more live records).
-- What it costs: nothing for a live record; an entry for each test record, which goes with it.
CREATE INDEX records_test ON records (created_at) WHERE test = 1;
