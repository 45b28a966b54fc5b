export interface OwnerSessionRow {
  token_hash: string;
  site_id: string;
  actor: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
}

export function insertOwnerSession(db: D1Database, session: OwnerSessionRow) {
  return db
    .prepare(
      `INSERT INTO owner_sessions (token_hash, site_id, actor, created_at, last_used_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      session.token_hash,
      session.site_id,
      session.actor,
      session.created_at,
      session.last_used_at,
      session.expires_at,
    );
}

/** Uses a session that is still alive, moving its last use to now; null when idle or ended. */
export function touchOwnerSession(
  db: D1Database,
  tokenHash: string,
  now: string,
  idleSince: string,
) {
  return db
    .prepare(
      `UPDATE owner_sessions SET last_used_at = ?1
        WHERE token_hash = ?2 AND last_used_at > ?3 AND expires_at > ?1
        RETURNING *`,
    )
    .bind(now, tokenHash, idleSince)
    .first<OwnerSessionRow>();
}

export function deleteOwnerSession(db: D1Database, tokenHash: string) {
  return db.prepare('DELETE FROM owner_sessions WHERE token_hash = ?').bind(tokenHash);
}

export function deleteEndedOwnerSessions(db: D1Database, now: string, idleSince: string) {
  return db
    .prepare('DELETE FROM owner_sessions WHERE expires_at <= ? OR last_used_at <= ?')
    .bind(now, idleSince);
}
