-- Issue 23, round two: fewer bytes kept per consent, the same evidence.
-- A browser's name (the user agent, often over 100 characters) is the same on the request's and
-- the confirmation's record and on most records of a site: it is kept once, in
-- `evidence_agents`, and a record names it by number (`agent_id`). The trigger moves it there
-- whichever statement writes the record, so every writer and the MAC the writer computed stay as
-- they are; the stores read it back as the same text (store/records.ts `recordColumns`). Records
-- written before keep their text in `evidence_user_agent` and read as before.
CREATE TABLE evidence_agents (
  id INTEGER PRIMARY KEY,
  text TEXT NOT NULL UNIQUE
);
ALTER TABLE records ADD COLUMN agent_id INTEGER;
CREATE TRIGGER records_agent_once AFTER INSERT ON records
WHEN NEW.evidence_user_agent IS NOT NULL
BEGIN
  INSERT OR IGNORE INTO evidence_agents (text) VALUES (NEW.evidence_user_agent);
  UPDATE records
     SET agent_id = (SELECT id FROM evidence_agents WHERE text = NEW.evidence_user_agent),
         evidence_user_agent = NULL
   WHERE rowid = NEW.rowid;
END;
