-- Issue 23, round two: fewer bytes kept per consent, the same evidence.
-- A record's page, form, browser name (the user agent, often over 100 characters) and wording
-- version (32 bytes) repeat: the request's and the confirmation's records carry the same browser
-- and wording, and most records of a site the same few pages, forms and wordings. Each such value
-- is kept once, in `evidence_texts`, and a record names it by number (`page_id`, `form_id`,
-- `agent_id`, `wording_id`; the wording version, NOT NULL, is left as an empty blob). The trigger moves them there whichever
-- statement writes the record, so every writer, and the MAC it computed over the texts, stay as
-- they are; the stores read the texts back as they were given (store/records.ts
-- `recordColumns`), so what is signed, verified and shown is unchanged. Records written before
-- keep their texts in their own columns and read as before.
-- D1 counts the trigger's writes in the statement's `changes`: the writers that read that count
-- to tell a written record from an ignored one (an acknowledgement's `honoured` record, an
-- import's `imported` ones) keep their texts in place.
CREATE TABLE evidence_texts (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
);
ALTER TABLE records ADD COLUMN page_id INTEGER;
ALTER TABLE records ADD COLUMN form_id INTEGER;
ALTER TABLE records ADD COLUMN agent_id INTEGER;
ALTER TABLE records ADD COLUMN wording_id INTEGER;
CREATE TRIGGER records_evidence_once AFTER INSERT ON records
WHEN NEW.event NOT IN ('honoured', 'imported')
BEGIN
  INSERT OR IGNORE INTO evidence_texts (text)
    SELECT text FROM (SELECT NEW.page_url AS text UNION ALL SELECT NEW.form
                      UNION ALL SELECT NEW.evidence_user_agent UNION ALL SELECT NEW.wording_version)
     WHERE text IS NOT NULL;
  UPDATE records
     SET page_id = (SELECT id FROM evidence_texts WHERE text = NEW.page_url),
         form_id = (SELECT id FROM evidence_texts WHERE text = NEW.form),
         agent_id = (SELECT id FROM evidence_texts WHERE text = NEW.evidence_user_agent),
         wording_id = (SELECT id FROM evidence_texts WHERE text = NEW.wording_version),
         wording_version = X'',
         page_url = NULL,
         form = NULL,
         evidence_user_agent = NULL
   WHERE rowid = NEW.rowid;
END;
