export interface AdminEventRow {
  id: string;
  key_id: string;
  session_id: string | null;
  action: string;
  target: string | null;
  status: number;
  created_at: string;
}

export function insertAdminEvent(
  db: D1Database,
  event: {
    id: string;
    siteId: string;
    keyId: string;
    sessionId: string | null;
    action: string;
    target: string | null;
    status: number;
    createdAt: string;
  },
) {
  return db
    .prepare(
      `INSERT INTO admin_events (id, site_id, key_id, session_id, action, target, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      event.id,
      event.siteId,
      event.keyId,
      event.sessionId,
      event.action,
      event.target,
      event.status,
      event.createdAt,
    );
}

/**
 * The sequencer's report of a row it quarantined, made from the quarantined copy: by `signet`
 * itself (no key did it), `status` 0 as no HTTP answer was given; once per row.
 */
export function insertIntegrityEvent(db: D1Database, recordId: string, at: string) {
  return db
    .prepare(
      `INSERT INTO admin_events (id, site_id, key_id, action, target, status, created_at)
       SELECT 'integrity:' || id, site_id, 'signet', 'log.integrity',
              json_object('record', id, 'event', json_extract(row, '$.event'), 'reason', reason),
              0, ?
         FROM quarantined_records WHERE id = ?
       ON CONFLICT (id) DO NOTHING`,
    )
    .bind(at, recordId);
}

/** The site's admin events, newest first, `limit` of them before `before` (a created_at). */
export async function listAdminEvents(
  db: D1Database,
  siteId: string,
  options: { before: string | null; limit: number },
) {
  const { results } = await db
    .prepare(
      `SELECT id, key_id, session_id, action, target, status, created_at FROM admin_events
        WHERE site_id = ? AND (? IS NULL OR created_at < ?)
        ORDER BY created_at DESC, id DESC LIMIT ?`,
    )
    .bind(siteId, options.before, options.before, options.limit)
    .all<AdminEventRow>();
  return results;
}
