-- Every link of a person's open request stays valid until one of them confirms (issue 20, item 6,
-- decision 0008): a new request no longer deletes the older pending one of the same address and
-- purposes. When one confirms, the others name it here and answer "already confirmed"; they stay
-- until the unconfirmed-data retention deletes them (C8).
ALTER TABLE consent_requests ADD COLUMN superseded_by TEXT;
