-- Issue 23: deleting a subject (an erasure, the cron's purge of an unconfirmed request, the end of
-- a test person) makes SQLite look for the rows that name it in every table whose subject_id
-- references subjects ON DELETE CASCADE. consents (keyed by site, subject, purpose),
-- preference_sessions and reconfirmations (keyed by site, purpose, subject) have no index that
-- starts with subject_id, so each of those looks, like a person's export of their consents
-- (`consents WHERE subject_id = ?`), read every row of the table: erasing one person read 8 rows
-- more for each other person of the shard (store/subject-lookups.test.ts measured 1,604 rows more
-- for 200 more people; the purge 1,401, the export 400).
-- What it costs: one entry (the subject id and the row id) in consents_by_subject for each
-- consent, 30 bytes a consent as store/bytes-per-consent.test.ts counts (2,791 with it, 2,761
-- before); sessions and queued re-confirmations are few and short-lived.
CREATE INDEX consents_by_subject ON consents (subject_id);
CREATE INDEX preference_sessions_by_subject ON preference_sessions (subject_id);
CREATE INDEX reconfirmations_by_subject ON reconfirmations (subject_id);
