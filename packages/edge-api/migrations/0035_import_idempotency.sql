-- M1 (issue 21): an import call with an Idempotency-Key keeps its report with the key, so a
-- retried call (same key, same body) answers what the first one did instead of listing its own
-- rows as `consent-exists`. The report holds counts, row numbers and reasons, never an address;
-- the key is kept for a day like every other (services/retention.ts). Null for consent requests.
ALTER TABLE idempotency_keys ADD COLUMN response TEXT;
