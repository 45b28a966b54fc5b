-- Webhooks (A4): a site's endpoints, and one delivery row per event and endpoint.
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  site_id TEXT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  -- JSON array of the event types the endpoint receives.
  events TEXT NOT NULL,
  description TEXT,
  -- The signing secret, sealed with the master key named by master_kid (never stored in clear).
  secret_sealed TEXT NOT NULL,
  master_kid TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX webhook_endpoints_by_site ON webhook_endpoints (site_id);

-- Holds ids only (subject, purpose, record, request): the body is made at delivery time from the
-- signed record, so nothing here can be read as personal data.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  site_id TEXT NOT NULL,
  type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  purpose_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  request_id TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  leased_until TEXT,
  last_status INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  delivered_at TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, created_at);

-- The event is written with the record that is the change, in the same statement and batch, by
-- every path that writes one (confirmation, withdrawal, unsubscribe, expiry, erasure): none can
-- forget it, and none adds a round trip. An erasure writes one record per purpose but is one
-- event per endpoint.
CREATE TRIGGER records_to_webhooks AFTER INSERT ON records
WHEN NEW.event IN ('confirmed', 'withdrawn', 'expired', 'erased')
BEGIN
  INSERT OR IGNORE INTO webhook_deliveries
    (id, endpoint_id, site_id, type, subject_id, purpose_id, record_id, request_id, status,
     attempts, next_attempt_at, created_at)
  SELECT
    'evt_' || CASE WHEN NEW.event = 'erased' THEN 'erased_' || NEW.subject_id ELSE NEW.id END
      || '.' || e.id,
    e.id, NEW.site_id,
    CASE NEW.event
      WHEN 'confirmed' THEN 'consent.confirmed'
      WHEN 'withdrawn' THEN 'consent.withdrawn'
      WHEN 'expired' THEN 'consent.expired'
      ELSE 'subject.erased'
    END,
    NEW.subject_id, NEW.purpose_id, NEW.id, NEW.request_id, 'pending', 0, NEW.created_at,
    NEW.created_at
  FROM webhook_endpoints e
  WHERE e.site_id = NEW.site_id
    AND EXISTS (
      SELECT 1 FROM json_each(e.events)
       WHERE value = CASE NEW.event
         WHEN 'confirmed' THEN 'consent.confirmed'
         WHEN 'withdrawn' THEN 'consent.withdrawn'
         WHEN 'expired' THEN 'consent.expired'
         ELSE 'subject.erased'
       END);
END;
