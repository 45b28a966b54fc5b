-- Signet's first schema: sites and their purposes, versioned wordings, subjects, consent
-- requests, consents, the per-site record log, the mail outbox and the development mailbox.
-- Times are ISO-8601 UTC strings (sortable); JSON lists are TEXT holding a JSON array.

CREATE TABLE sites (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  controller_name TEXT NOT NULL,
  controller_contact TEXT NOT NULL,
  privacy_policy_url TEXT NOT NULL,
  default_locale TEXT NOT NULL CHECK (default_locale IN ('de', 'en')),
  locales TEXT NOT NULL DEFAULT '["de","en"]',
  allowed_origins TEXT NOT NULL DEFAULT '[]',
  confirm_token_ttl_seconds INTEGER NOT NULL DEFAULT 172800,
  unconfirmed_retention_days INTEGER NOT NULL DEFAULT 30,
  created_at TEXT NOT NULL
);

CREATE TABLE site_api_keys (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  key_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

CREATE TABLE purposes (
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'phone', 'post')),
  lifetime_days INTEGER,
  ends_at TEXT,
  position INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  PRIMARY KEY (site_id, id)
);

-- A published wording is immutable: rows are only inserted; `retired_at` marks a superseded one.
CREATE TABLE wordings (
  site_id TEXT NOT NULL,
  purpose_id TEXT NOT NULL,
  locale TEXT NOT NULL CHECK (locale IN ('de', 'en')),
  version TEXT NOT NULL,
  canonical_text TEXT NOT NULL,
  published_at TEXT NOT NULL,
  retired_at TEXT,
  PRIMARY KEY (site_id, purpose_id, locale, version),
  FOREIGN KEY (site_id, purpose_id) REFERENCES purposes (site_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX wordings_one_current
  ON wordings (site_id, purpose_id, locale) WHERE retired_at IS NULL;

-- A person as known to one site. `email_index` is an HMAC blind index of the normalised address.
CREATE TABLE subjects (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  email_index TEXT NOT NULL,
  email TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (site_id, email_index)
);

CREATE TABLE consent_requests (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  subject_id TEXT NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  purposes TEXT NOT NULL,
  locale TEXT NOT NULL,
  page_url TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed')),
  confirm_nonce TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  confirmed_at TEXT
);
CREATE INDEX consent_requests_by_subject ON consent_requests (site_id, subject_id);

CREATE TABLE consents (
  site_id TEXT NOT NULL,
  subject_id TEXT NOT NULL REFERENCES subjects (id) ON DELETE CASCADE,
  purpose_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn', 'expired')),
  wording_version TEXT NOT NULL,
  request_id TEXT NOT NULL,
  confirmed_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (site_id, subject_id, purpose_id)
);

-- The per-site log of consent events. Holds no readable personal data.
CREATE TABLE records (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  subject_id TEXT NOT NULL,
  purpose_id TEXT NOT NULL,
  event TEXT NOT NULL CHECK (event IN ('requested', 'confirmed', 'withdrawn', 'expired', 'erased')),
  wording_version TEXT NOT NULL,
  request_id TEXT,
  page_url TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (site_id, seq)
);
CREATE INDEX records_by_subject ON records (site_id, subject_id, purpose_id);

CREATE TABLE outbox (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL,
  request_id TEXT,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Messages "sent" by the development mail transport, shown at /dev/mailbox.
CREATE TABLE dev_mailbox (
  id TEXT PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
