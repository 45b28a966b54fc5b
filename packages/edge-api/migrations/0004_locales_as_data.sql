-- Which locales exist is the SDK contract's list (`locales`), checked by the API on every write.
-- 0001 also pinned ('de', 'en') in CHECK constraints, so every new language would have needed a
-- table rebuild; from here on the schema only asks for a language-code shape.

-- sites.default_locale: SQLite drops a column together with its own CHECK, so no rebuild of
-- `sites` (whose rows the other tables reference with ON DELETE CASCADE) is needed. ADD COLUMN
-- needs a default for NOT NULL; every insert in the code names the locale anyway.
ALTER TABLE sites ADD COLUMN default_locale_code TEXT NOT NULL DEFAULT 'de'
  CHECK (default_locale_code GLOB '[a-z][a-z]');
UPDATE sites SET default_locale_code = default_locale;
ALTER TABLE sites DROP COLUMN default_locale;
ALTER TABLE sites RENAME COLUMN default_locale_code TO default_locale;

-- wordings.locale is part of the primary key, so the table is rebuilt; nothing references it.
CREATE TABLE wordings_next (
  site_id TEXT NOT NULL,
  purpose_id TEXT NOT NULL,
  locale TEXT NOT NULL CHECK (locale GLOB '[a-z][a-z]'),
  version TEXT NOT NULL,
  canonical_text TEXT NOT NULL,
  published_at TEXT NOT NULL,
  retired_at TEXT,
  PRIMARY KEY (site_id, purpose_id, locale, version),
  FOREIGN KEY (site_id, purpose_id) REFERENCES purposes (site_id, id) ON DELETE CASCADE
);
INSERT INTO wordings_next
  SELECT site_id, purpose_id, locale, version, canonical_text, published_at, retired_at
  FROM wordings;
DROP TABLE wordings;
ALTER TABLE wordings_next RENAME TO wordings;
CREATE UNIQUE INDEX wordings_one_current
  ON wordings (site_id, purpose_id, locale) WHERE retired_at IS NULL;
