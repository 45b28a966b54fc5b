-- Issue 23: fewer bytes kept per consent, the same evidence.
-- A confirmation message is kept as sent (P1), compressed: `body_deflated` holds deflate-raw of
-- the JSON [text, html] and `text_body`, `html_body` are then ''. Rows written before keep their
-- bodies in clear with `body_deflated` NULL, and read as before (store/message-bodies.ts).
ALTER TABLE outbox ADD COLUMN body_deflated BLOB;

-- Only pending messages are ever looked up by due time; sent ones stay forever as evidence and
-- need no entry.
DROP INDEX IF EXISTS outbox_due;
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';

-- The same columns as the UNIQUE (site_id, seq) constraint's own index: nothing needs a second copy.
DROP INDEX IF EXISTS records_unsequenced;

-- Requests are looked up by these two only while pending; a confirmed request is kept as evidence
-- and needs no entry in either.
DROP INDEX IF EXISTS consent_requests_replaceable;
CREATE INDEX consent_requests_replaceable ON consent_requests (site_id, subject_id, purpose_key)
  WHERE status = 'pending';
DROP INDEX IF EXISTS consent_requests_stale;
CREATE INDEX consent_requests_stale ON consent_requests (created_at) WHERE status = 'pending';
