-- S2: contact data is stored sealed (AES-256-GCM) under a per-subject data key, itself stored
-- wrapped by a master key from a secret (src/crypto/data-keys.ts). Lookups stay on the blind
-- indexes. Erasing a subject deletes its wrapped key with the row (R4).

ALTER TABLE subjects ADD COLUMN email_sealed TEXT;
ALTER TABLE subjects ADD COLUMN phone_sealed TEXT;
ALTER TABLE subjects ADD COLUMN data_key TEXT;
-- Random per key: a batch checks that the subject's key is the one it sealed with.
ALTER TABLE subjects ADD COLUMN data_key_id TEXT;
ALTER TABLE subjects ADD COLUMN master_kid TEXT;

ALTER TABLE consent_requests ADD COLUMN phone_sealed TEXT;

-- The recipient of a message, sealed under its subject's key.
ALTER TABLE outbox ADD COLUMN subject_id TEXT;
ALTER TABLE outbox ADD COLUMN to_sealed TEXT;
UPDATE outbox SET subject_id = (SELECT subject_id FROM consent_requests r WHERE r.id = outbox.request_id);

-- The plaintext columns stay (dropping `subjects.email`, NOT NULL, would rebuild the table its
-- children cascade from) but are no longer written: new rows hold '' or NULL there, and the
-- cron seals the rows written before this migration and empties their plaintext
-- (services/legacy-sealing.ts).
CREATE INDEX subjects_unsealed ON subjects (site_id) WHERE data_key IS NULL;
CREATE INDEX outbox_by_subject ON outbox (subject_id);
