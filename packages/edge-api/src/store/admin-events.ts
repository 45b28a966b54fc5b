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
