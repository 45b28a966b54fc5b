-- A whole-site export (M2) reads a site's subjects page by page in id order: without this index
-- each page would scan every site's subjects by primary key.
CREATE INDEX IF NOT EXISTS subjects_by_site ON subjects (site_id, id);
