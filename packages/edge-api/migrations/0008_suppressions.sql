-- R5: after erasure (or the withdrawal of every purpose) a site keeps a keyed hash of the
-- address, never the address, so that its own mailings through the SDK skip it. A new double
-- opt-in lifts it.
CREATE TABLE suppressions (
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  email_index TEXT NOT NULL,
  phone_index TEXT,
  reason TEXT NOT NULL CHECK (reason IN ('erased', 'withdrawn')),
  created_at TEXT NOT NULL,
  PRIMARY KEY (site_id, email_index)
);
CREATE INDEX suppressions_by_phone ON suppressions (site_id, phone_index) WHERE phone_index IS NOT NULL;
