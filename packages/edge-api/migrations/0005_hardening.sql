-- Hardening against a site owner who would forge a confirmation (issue 9, decision 0005).

-- Stored messages never hold a live link: the link is rendered from the request id at send time
-- (src/crypto/link-tokens.ts). `link_hash` is the SHA-256 of the token the sent link carried,
-- for evidence. Rows written before this migration carried the token in clear: redact it.
ALTER TABLE outbox ADD COLUMN link_hash TEXT;
UPDATE outbox SET link_hash = (SELECT token_hash FROM consent_requests r WHERE r.id = outbox.request_id);
UPDATE outbox SET text_body = substr(text_body, 1, instr(text_body, '/confirm/') + 8) || '[redacted]'
    || substr(text_body, instr(text_body, '/confirm/') + 9 + 43)
  WHERE instr(text_body, '/confirm/') > 0;
UPDATE outbox SET html_body = substr(html_body, 1, instr(html_body, '/confirm/') + 8) || '[redacted]'
    || substr(html_body, instr(html_body, '/confirm/') + 9 + 43)
  WHERE instr(html_body, '/confirm/') > 0;
-- An unsent message of the old kind can no longer be given its link: it is not sent.
UPDATE outbox SET status = 'failed', last_error = 'link redacted by migration 0005; ask again'
  WHERE status = 'pending';

-- One subject per phone number on a site: a lookup by phone finds one person or none.
DROP INDEX subjects_by_phone;
CREATE UNIQUE INDEX subjects_by_phone ON subjects (site_id, phone_index) WHERE phone_index IS NOT NULL;

-- From here on blind indexes are keyed per site (src/crypto/blind-index.ts), so records of two
-- sites cannot be joined. Indexes written before were keyed for all sites alike; no deployment
-- held data then (deploying is issue 12), and a development database is best started afresh
-- (`npm start -- --fresh`): its old subjects are no longer found by address.

-- Per-site daily caps on confirmation messages, and a lower one on SMS (SMS pumping, S4).
ALTER TABLE sites ADD COLUMN messages_per_day INTEGER NOT NULL DEFAULT 2000;
ALTER TABLE sites ADD COLUMN sms_per_day INTEGER NOT NULL DEFAULT 100;

-- C8: unconfirmed requests are kept 14 days unless a site chose otherwise. 30 was the default,
-- never a choice, so sites still at it move to 14. The column's DEFAULT stays 30 (changing it
-- would rebuild `sites`, whose rows others reference); every insert names the value.
UPDATE sites SET unconfirmed_retention_days = 14 WHERE unconfirmed_retention_days = 30;

-- Public POSTs look for unsealed records; only those few rows are in this index.
CREATE INDEX records_unsealed ON records (site_id) WHERE seq IS NULL;
