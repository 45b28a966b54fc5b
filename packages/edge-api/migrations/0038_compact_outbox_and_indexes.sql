-- Issue 23, round three: fewer bytes kept per consent, the same evidence.
-- A request's own confirmation message keeps no subject id: its request names the subject
-- (store/outbox.ts `subjectOf` reads it back). A row is written pending, about 27 bytes larger
-- than once sent, and a page fills with rows as they are written: at about 670 bytes a sent row,
-- most 4 KB pages of bench:scale held five; 22 bytes fewer and they hold six. Rows written before
-- keep their subject id and read as before.
-- No query finds messages through outbox_by_subject: each that names a subject names the
-- subject's requests too (`subject_id = ? OR request_id IN (...)`), which SQLite answers by a scan
-- of the outbox with or without the index (EXPLAIN QUERY PLAN), so it goes.
DROP INDEX IF EXISTS outbox_by_subject;

-- An address's blind index (HMAC-SHA256, 64 hex digits) is kept as its 32 bytes in subjects and
-- suppressions, as migration 0032 keeps digests: the stores bind it packed and read it back as
-- the same hex (store/packed-cells.ts `storedIndex`), so the services, the records' contact
-- hashes copied from it and every lookup are unchanged. The unique index of a site's subjects by
-- address holds it too: 64 bytes fewer a subject. A value of another shape stays text. A number's
-- index stays text.
UPDATE subjects SET email_index = unhex(email_index)
 WHERE typeof(email_index) = 'text' AND length(email_index) = 64
   AND NOT email_index GLOB '*[^0-9a-f]*';
UPDATE suppressions SET email_index = unhex(email_index)
 WHERE typeof(email_index) = 'text' AND length(email_index) = 64
   AND NOT email_index GLOB '*[^0-9a-f]*';
