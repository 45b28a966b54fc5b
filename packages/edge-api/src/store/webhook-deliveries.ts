export interface WebhookDeliveryRow {
  id: string;
  endpoint_id: string;
  site_id: string;
  type: string;
  subject_id: string;
  purpose_id: string;
  record_id: string;
  request_id: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string;
  leased_until: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  /** Only for `consent.unhonoured`: the system that has not acknowledged. */
  system: string | null;
}

/**
 * A `log.integrity` event for a quarantined row, to every endpoint of its site whatever events it
 * names (an owner must not miss that someone wrote into the database); once per row and endpoint.
 */
export function queueIntegrityDeliveries(db: D1Database, recordId: string, at: string) {
  return db
    .prepare(
      `INSERT OR IGNORE INTO webhook_deliveries
         (id, endpoint_id, site_id, type, subject_id, purpose_id, record_id, request_id, status,
          attempts, next_attempt_at, created_at)
       SELECT 'evt_integrity_' || q.id || '.' || e.id, e.id, q.site_id, 'log.integrity',
              COALESCE(json_extract(q.row, '$.subject_id'), ''),
              COALESCE(json_extract(q.row, '$.purpose_id'), ''), q.id,
              json_extract(q.row, '$.request_id'), 'pending', 0, ?, ?
         FROM quarantined_records q JOIN webhook_endpoints e ON e.site_id = q.site_id
        WHERE q.id = ?`,
    )
    .bind(at, at, recordId);
}

/** The events a refused row's insert queued (records_to_webhooks): it will never be a record. */
export function dropPendingDeliveriesOfRecord(db: D1Database, recordId: string) {
  return db
    .prepare(
      `DELETE FROM webhook_deliveries
        WHERE record_id = ? AND type <> 'log.integrity' AND status = 'pending'`,
    )
    .bind(recordId);
}

export async function listDueWebhookDeliveries(db: D1Database, now: string, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT * FROM webhook_deliveries
        WHERE status = 'pending' AND next_attempt_at <= ?
          AND (leased_until IS NULL OR leased_until <= ?)
        ORDER BY next_attempt_at LIMIT ?`,
    )
    .bind(now, now, limit)
    .all<WebhookDeliveryRow>();
  return results;
}

/**
 * Takes a delivery for one attempt: true only for the one caller whose update found it free, so
 * a cron pass and a request's background work never send the same event at once.
 */
export async function leaseWebhookDelivery(db: D1Database, id: string, now: string, until: string) {
  const result = await db
    .prepare(
      `UPDATE webhook_deliveries SET leased_until = ?
        WHERE id = ? AND status = 'pending' AND (leased_until IS NULL OR leased_until <= ?)`,
    )
    .bind(until, id, now)
    .run();
  return result.meta.changes === 1;
}

export function markWebhookDelivered(db: D1Database, id: string, status: number, at: string) {
  return db
    .prepare(
      `UPDATE webhook_deliveries
          SET status = 'delivered', attempts = attempts + 1, last_status = ?, last_error = NULL,
              delivered_at = ?, leased_until = NULL
        WHERE id = ?`,
    )
    .bind(status, at, id)
    .run();
}

export function markWebhookAttemptFailed(
  db: D1Database,
  id: string,
  failure: { status: number | null; error: string; nextAttemptAt: string; giveUp: boolean },
) {
  return db
    .prepare(
      `UPDATE webhook_deliveries
          SET status = ?, attempts = attempts + 1, last_status = ?, last_error = ?,
              next_attempt_at = ?, leased_until = NULL
        WHERE id = ?`,
    )
    .bind(
      failure.giveUp ? 'failed' : 'pending',
      failure.status,
      failure.error,
      failure.nextAttemptAt,
      id,
    )
    .run();
}

/** Not an attempt: the event waits (its record is not sealed yet). */
export function postponeWebhookDelivery(db: D1Database, id: string, until: string) {
  return db
    .prepare('UPDATE webhook_deliveries SET next_attempt_at = ?, leased_until = NULL WHERE id = ?')
    .bind(until, id)
    .run();
}

/**
 * One page of an endpoint's deliveries, newest first, older than the delivery `before` (its id)
 * when given. An unknown `before` gives an empty page.
 */
export async function listDeliveriesOfEndpoint(
  db: D1Database,
  endpointId: string,
  page: { before?: string | undefined; limit: number },
) {
  const { results } = await db
    .prepare(
      `SELECT * FROM webhook_deliveries d WHERE endpoint_id = ?1
          AND (?2 IS NULL OR (created_at, id) < (
                SELECT created_at, id FROM webhook_deliveries WHERE id = ?2 AND endpoint_id = ?1))
        ORDER BY created_at DESC, id DESC LIMIT ?3`,
    )
    .bind(endpointId, page.before ?? null, page.limit)
    .all<WebhookDeliveryRow>();
  return results;
}

export function findWebhookDelivery(db: D1Database, endpointId: string, id: string) {
  return db
    .prepare('SELECT * FROM webhook_deliveries WHERE endpoint_id = ? AND id = ?')
    .bind(endpointId, id)
    .first<WebhookDeliveryRow>();
}

/**
 * A test event (its id `evt_test_…`): no record behind it, due now. The body is made at delivery
 * from the type alone.
 */
export function insertTestDelivery(
  db: D1Database,
  delivery: { id: string; endpointId: string; siteId: string; type: string; at: string },
) {
  return db
    .prepare(
      `INSERT INTO webhook_deliveries
         (id, endpoint_id, site_id, type, subject_id, purpose_id, record_id, request_id, status,
          attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, '', '', '', NULL, 'pending', 0, ?, ?)`,
    )
    .bind(
      delivery.id,
      delivery.endpointId,
      delivery.siteId,
      delivery.type,
      delivery.at,
      delivery.at,
    )
    .run();
}

/**
 * The event again, due now with a fresh retry schedule; false while an attempt of it is in flight
 * (a lease that has not run out).
 */
export async function requeueWebhookDelivery(
  db: D1Database,
  endpointId: string,
  id: string,
  now: string,
) {
  const result = await db
    .prepare(
      `UPDATE webhook_deliveries
          SET status = 'pending', attempts = 0, next_attempt_at = ?, leased_until = NULL
        WHERE endpoint_id = ? AND id = ? AND (leased_until IS NULL OR leased_until <= ?)`,
    )
    .bind(now, endpointId, id, now)
    .run();
  return result.meta.changes === 1;
}
