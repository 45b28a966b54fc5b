-- Idempotency keys were stored as sent, and shops put order ids and addresses in them (issue 19).
-- From now `key` holds a keyed hash of the key (HMAC under a key derived from INDEX_KEY, label
-- `idempotency-key:`), and `subject_id` the subject the request was for, so that an erasure
-- deletes the person's rows (R4).
--
-- The rows kept in clear are deleted, not hashed: the hash needs INDEX_KEY, which D1 never holds,
-- and a key is only kept for a day. A retry within that day of a request made before this
-- migration is then taken as a new request: at worst one more confirmation message, within the
-- per-address limit. The column keeps its name so that the worker still running until the new
-- one is deployed goes on working (its rows hold no subject, and the cron deletes them after a
-- day like every other).
DELETE FROM idempotency_keys;
ALTER TABLE idempotency_keys ADD COLUMN subject_id TEXT;
CREATE INDEX idempotency_keys_by_subject ON idempotency_keys (subject_id);
