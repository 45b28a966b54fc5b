import { type Read, readMany, readOne } from './reads.js';

export interface OwnerSessionRow {
  id: string;
  token_hash: string;
  site_id: string;
  key_id: string | null;
  owner_email: string | null;
  created_at: string;
  last_used_at: string;
  expires_at: string;
}

/** A session as its site sees it: who acts through it (a key's id or `owner:<address>`). */
export interface OwnerSessionEntry {
  id: string;
  siteId: string;
  actor: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
}

const toEntry = (row: OwnerSessionRow): OwnerSessionEntry => ({
  id: row.id,
  siteId: row.site_id,
  actor: row.key_id ?? `owner:${row.owner_email}`,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  expiresAt: row.expires_at,
});

/**
 * What opened the session still holds: its key is not revoked, or its address is still among
 * the site's owners. Part of every query that finds a live session, so a revoked key or a
 * removed owner ends its sessions at once, in the same statement.
 */
const openerHolds = `(
  (owner_sessions.key_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM site_api_keys AS k
     WHERE k.id = owner_sessions.key_id AND k.site_id = owner_sessions.site_id
       AND k.revoked_at IS NULL))
  OR (owner_sessions.owner_email IS NOT NULL AND EXISTS (
    SELECT 1 FROM sites AS s, json_each(s.owner_emails) AS owner
     WHERE s.id = owner_sessions.site_id AND owner.value = owner_sessions.owner_email)))`;

/** Alive: used in the idle span, before its end, and its opener holds. Binds `?1` now, `?2` idle-since. */
const alive = `owner_sessions.last_used_at > ?2 AND owner_sessions.expires_at > ?1 AND ${openerHolds}`;

export function insertOwnerSession(db: D1Database, session: OwnerSessionRow) {
  return db
    .prepare(
      `INSERT INTO owner_sessions
         (id, token_hash, site_id, key_id, owner_email, created_at, last_used_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      session.id,
      session.token_hash,
      session.site_id,
      session.key_id,
      session.owner_email,
      session.created_at,
      session.last_used_at,
      session.expires_at,
    );
}

/**
 * Uses a session that is still alive, moving its last use to now; null when idle, ended or its
 * opener no longer holds. One statement: checking the opener costs no round trip of its own.
 */
export function ownerSessionTouchRead(
  db: D1Database,
  tokenHash: string,
  now: string,
  idleSince: string,
): Read<OwnerSessionEntry | null> {
  const statement = db
    .prepare(
      `UPDATE owner_sessions SET last_used_at = ?1
        WHERE token_hash = ?3 AND ${alive}
        RETURNING *`,
    )
    .bind(now, idleSince, tokenHash);
  return readOne(statement, toEntry);
}

/** The site's live sessions, oldest first. */
export function liveOwnerSessionsRead(
  db: D1Database,
  siteId: string,
  now: string,
  idleSince: string,
): Read<OwnerSessionEntry[]> {
  const statement = db
    .prepare(
      `SELECT * FROM owner_sessions WHERE site_id = ?3 AND ${alive}
        ORDER BY created_at, id`,
    )
    .bind(now, idleSince, siteId);
  return readMany(statement, toEntry);
}

export function deleteOwnerSession(db: D1Database, tokenHash: string) {
  return db.prepare('DELETE FROM owner_sessions WHERE token_hash = ?').bind(tokenHash);
}

/** Ends one session of the site by its id (changes: 0 when the site has none by that id). */
export function deleteOwnerSessionOfSite(db: D1Database, siteId: string, id: string) {
  return db.prepare('DELETE FROM owner_sessions WHERE site_id = ? AND id = ?').bind(siteId, id);
}

export function deleteOwnerSessionsOfSite(db: D1Database, siteId: string) {
  return db.prepare('DELETE FROM owner_sessions WHERE site_id = ?').bind(siteId);
}

/** Sessions that can no longer be used, their opener gone included. */
export function deleteEndedOwnerSessions(db: D1Database, now: string, idleSince: string) {
  return db.prepare(`DELETE FROM owner_sessions WHERE NOT (${alive})`).bind(now, idleSince);
}
