-- Issue 23: every cron pass looks for rows from before encryption at rest (migration 0006) to seal
-- (services/key-maintenance.ts sealLegacyRows): messages with a recipient in clear
-- (`outbox.to_address <> ''`) and requests with a number in clear (`consent_requests.phone IS
-- NOT NULL`). No index held them, so each pass read every message and every request of the shard
-- to find none (store/cron-lookups.test.ts). Rows written since 0006 keep neither, so these
-- partial indexes hold only the old rows still to seal and cost a new row nothing.
CREATE INDEX outbox_recipient_in_clear ON outbox (id) WHERE to_address <> '';
CREATE INDEX consent_requests_phone_in_clear ON consent_requests (id) WHERE phone IS NOT NULL;
