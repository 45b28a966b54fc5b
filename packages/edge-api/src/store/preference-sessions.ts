import type { Guard } from './guard.js';
import { readOne, type SqlValue } from './reads.js';
export interface PreferenceSessionRow {
  token_hash: string;
  site_id: string;
  subject_id: string;
  created_at: string;
  last_used_at: string;
  expires_at: string;
}

/** Written only under `guard` (the client's ticket, and for a code its tries left). */
export function insertPreferenceSession(
  db: D1Database,
  session: PreferenceSessionRow,
  guard: Guard,
) {
  return db
    .prepare(
      `INSERT INTO preference_sessions (token_hash, site_id, subject_id, created_at, last_used_at, expires_at)
       SELECT ?, ?, ?, ?, ?, ? WHERE ${guard.sql}`,
    )
    .bind(
      session.token_hash,
      session.site_id,
      session.subject_id,
      session.created_at,
      session.last_used_at,
      session.expires_at,
      ...guard.binds,
    );
}

/**
 * Uses a session if it is still alive (touched within `idleSince`, before its end), moving its
 * last use to now; finds the row, or null for an unknown, idle or ended session.
 */
export function sessionTouchRead(
  db: D1Database,
  tokenHash: string,
  now: string,
  idleSince: string,
) {
  const statement = db
    .prepare(
      `UPDATE preference_sessions SET last_used_at = ?1
        WHERE token_hash = ?2 AND last_used_at > ?3 AND expires_at > ?1
        RETURNING *`,
    )
    .bind(now, tokenHash, idleSince);
  return readOne(statement, (row: PreferenceSessionRow) => row);
}

/**
 * A column of the session a token names, for reads made in the same round trip as its touch
 * (what they find is used only when the touch found the session alive).
 */
export const ofSession = (column: 'site_id' | 'subject_id', tokenHash: string): SqlValue => ({
  sql: `(SELECT ${column} FROM preference_sessions WHERE token_hash = ?)`,
  binds: [tokenHash],
});

export function deleteEndedSessions(db: D1Database, now: string, idleSince: string) {
  return db
    .prepare('DELETE FROM preference_sessions WHERE expires_at <= ? OR last_used_at <= ?')
    .bind(now, idleSince);
}

/** Ends one session now (the person signed out). */
export function deletePreferenceSession(db: D1Database, tokenHash: string) {
  return db.prepare('DELETE FROM preference_sessions WHERE token_hash = ?').bind(tokenHash);
}
