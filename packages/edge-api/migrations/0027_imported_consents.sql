-- M1 (issue 21): consents brought in from another system. A consent has a basis: Signet's own
-- double opt-in, or an import reported by the site owner. An imported consent's record is of
-- its own kind (`imported`), never `confirmed`, and carries what the source reported as a JSON
-- object (`import_evidence`, covered by the row's MAC and signed with the record).
ALTER TABLE consents ADD COLUMN basis TEXT NOT NULL DEFAULT 'double-opt-in'
  CHECK (basis IN ('double-opt-in', 'imported'));
-- The confirmation time the source reported for an imported consent (its DOI evidence); null
-- for one without, and for Signet's own consents (their confirmation is `confirmed_at`).
ALTER TABLE consents ADD COLUMN imported_confirmed_at TEXT;

-- The owner's setting per purpose: whether imported consents without DOI evidence count for
-- `mayContact` (`count`), do not (`ignore`, the default), or count until `imported_until`.
ALTER TABLE purposes ADD COLUMN imported_without_evidence TEXT NOT NULL DEFAULT 'ignore'
  CHECK (imported_without_evidence IN ('count', 'ignore', 'until'));
ALTER TABLE purposes ADD COLUMN imported_until TEXT;

-- The record kinds are checked by a trigger since 0026 (not a CHECK), so `records` is not rebuilt:
-- the trigger is made again with `imported`, and the evidence column is added. An import queues no
-- webhook: `records_to_webhooks` (0026) fires only for Signet's own consent events.
ALTER TABLE records ADD COLUMN import_evidence TEXT;
DROP TRIGGER records_known_events;
CREATE TRIGGER records_known_events BEFORE INSERT ON records
WHEN NEW.event NOT IN ('requested', 'confirmed', 'withdrawn', 'expired', 'erased', 'used', 'honoured', 'imported')
BEGIN
  SELECT RAISE(ABORT, 'unknown record event');
END;
