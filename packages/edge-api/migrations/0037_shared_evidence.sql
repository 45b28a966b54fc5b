-- Issue 23, round two: fewer bytes kept per consent, the same evidence.
-- A record's page, form and browser name (the user agent, often over 100 characters) repeat: the
-- request's and the confirmation's records carry the same browser, and most records of a site the
-- same few pages and forms. Each such text is kept once, in `evidence_texts`, and a record names
-- it by number (`page_id`, `form_id`, `agent_id`). The trigger moves them there whichever
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
CREATE TRIGGER records_evidence_once AFTER INSERT ON records
WHEN NEW.event NOT IN ('honoured', 'imported')
 AND (NEW.page_url IS NOT NULL OR NEW.form IS NOT NULL OR NEW.evidence_user_agent IS NOT NULL)
BEGIN
  INSERT OR IGNORE INTO evidence_texts (text)
    SELECT text FROM (SELECT NEW.page_url AS text UNION ALL SELECT NEW.form
                      UNION ALL SELECT NEW.evidence_user_agent)
     WHERE text IS NOT NULL;
  UPDATE records
     SET page_id = (SELECT id FROM evidence_texts WHERE text = NEW.page_url),
         form_id = (SELECT id FROM evidence_texts WHERE text = NEW.form),
         agent_id = (SELECT id FROM evidence_texts WHERE text = NEW.evidence_user_agent),
         page_url = NULL,
         form = NULL,
         evidence_user_agent = NULL
   WHERE rowid = NEW.rowid;
END;
