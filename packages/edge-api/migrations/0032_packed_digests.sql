-- Issue 23: fewer bytes kept per consent, the same evidence.
-- Digests a consent stores many times (64 hex digits of SHA-256 or HMAC-SHA256) are kept as their
-- 32 bytes, and a record's Ed25519 signature as its 64 (store/packed-cells.ts). Only the storage
-- changes: the stores read them back as the same text, so every signed record and its hash are
-- what they were. SQLite keeps a BLOB in a TEXT column as it is, so no table is rebuilt, and a
-- value of another shape stays text. Signatures written before stay base64url text (SQL has no
-- base64) and read as before.
-- A sealed record keeps no MAC: the MAC vouched for the row until the sequencer checked it, and
-- the signature covers every field from then on (store/records.ts `sealRecord`).
UPDATE records SET
  email_hash = CASE WHEN typeof(email_hash) = 'text' AND length(email_hash) = 64
                         AND NOT email_hash GLOB '*[^0-9a-f]*'
                    THEN unhex(email_hash) ELSE email_hash END,
  phone_hash = CASE WHEN typeof(phone_hash) = 'text' AND length(phone_hash) = 64
                         AND NOT phone_hash GLOB '*[^0-9a-f]*'
                    THEN unhex(phone_hash) ELSE phone_hash END,
  wording_version = CASE WHEN typeof(wording_version) = 'text' AND length(wording_version) = 64
                              AND NOT wording_version GLOB '*[^0-9a-f]*'
                         THEN unhex(wording_version) ELSE wording_version END,
  prev_hash = CASE WHEN typeof(prev_hash) = 'text' AND length(prev_hash) = 64
                        AND NOT prev_hash GLOB '*[^0-9a-f]*'
                   THEN unhex(prev_hash) ELSE prev_hash END,
  hash = CASE WHEN typeof(hash) = 'text' AND length(hash) = 64 AND NOT hash GLOB '*[^0-9a-f]*'
              THEN unhex(hash) ELSE hash END,
  mac = CASE WHEN seq IS NULL THEN mac END;

-- Only active consents with an end are ever looked up by it (the cron's expiry pass); a consent
-- without one, or one that has ended, needs no entry.
DROP INDEX IF EXISTS consents_due;
CREATE INDEX consents_due ON consents (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;

-- A request's token hash and its message's link hash, packed alike.
UPDATE consent_requests SET token_hash = unhex(token_hash)
 WHERE typeof(token_hash) = 'text' AND length(token_hash) = 64 AND NOT token_hash GLOB '*[^0-9a-f]*';
UPDATE outbox SET link_hash = unhex(link_hash)
 WHERE typeof(link_hash) = 'text' AND length(link_hash) = 64 AND NOT link_hash GLOB '*[^0-9a-f]*';

-- A consent's wording version and the hash of its unsubscribe token, packed alike.
UPDATE consents SET
  wording_version = CASE WHEN typeof(wording_version) = 'text' AND length(wording_version) = 64
                              AND NOT wording_version GLOB '*[^0-9a-f]*'
                         THEN unhex(wording_version) ELSE wording_version END,
  unsubscribe_hash = CASE WHEN typeof(unsubscribe_hash) = 'text' AND length(unsubscribe_hash) = 64
                               AND NOT unsubscribe_hash GLOB '*[^0-9a-f]*'
                          THEN unhex(unsubscribe_hash) ELSE unsubscribe_hash END;

-- Every query of a person's requests (export, erasure, the cascade from `subjects`, pending ones)
-- names the subject without the site, which an index led by `site_id` cannot serve.
DROP INDEX IF EXISTS consent_requests_by_subject;
CREATE INDEX consent_requests_by_subject ON consent_requests (subject_id);

-- A whole-site export and a site's move page through its subjects by rowid, which an index of the
-- site alone holds anyway: the subject's id (migration 0028) is not needed in every entry.
DROP INDEX IF EXISTS subjects_by_site;
CREATE INDEX subjects_by_site ON subjects (site_id);

-- Subject ids are random and a person's contact hashes are keyed per site: either alone finds a
-- person's few records, so the entries need not repeat the site (nor the purpose: a person has
-- few records, and the purpose is checked on them). A contact hash is looked up (the exhibit,
-- after an erasure too) only to find the person's subjects: the record it first appears on, a
-- `requested` or `imported` one, is enough in the index (store/records.ts `recordsByContactRead`).
DROP INDEX IF EXISTS records_by_subject;
CREATE INDEX records_by_subject ON records (subject_id);
DROP INDEX IF EXISTS records_by_email_hash;
CREATE INDEX records_by_email_hash ON records (email_hash)
  WHERE email_hash IS NOT NULL AND event IN ('requested', 'imported');
DROP INDEX IF EXISTS records_by_phone_hash;
CREATE INDEX records_by_phone_hash ON records (phone_hash)
  WHERE phone_hash IS NOT NULL AND event IN ('requested', 'imported');
