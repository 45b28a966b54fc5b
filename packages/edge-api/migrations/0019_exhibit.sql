-- The exhibit (issue 18): the controller's postal address and the site's time zone, and the
-- per-site keyed hashes of records indexed, so that evidence is found after an erasure has
-- removed the subject row.
ALTER TABLE sites ADD COLUMN controller_address TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Berlin';
CREATE INDEX records_by_email_hash ON records (site_id, email_hash) WHERE email_hash IS NOT NULL;
CREATE INDEX records_by_phone_hash ON records (site_id, phone_hash) WHERE phone_hash IS NOT NULL;
