import type { Guard } from './guard.js';

export interface NewPreferenceLink {
  id: string;
  siteId: string;
  subjectId: string;
  tokenHash: string;
  codeHash: string;
  createdAt: string;
  expiresAt: string;
}

/** Written only under `guard` (the address is known and within its limit). */
export function insertPreferenceLink(db: D1Database, link: NewPreferenceLink, guard: Guard) {
  return db
    .prepare(
      `INSERT INTO preference_links (id, site_id, subject_id, token_hash, code_hash, created_at, expires_at)
       SELECT ?, ?, ?, ?, ?, ?, ? WHERE ${guard.sql}`,
    )
    .bind(
      link.id,
      link.siteId,
      link.subjectId,
      link.tokenHash,
      link.codeHash,
      link.createdAt,
      link.expiresAt,
      ...guard.binds,
    );
}

export interface PreferenceLinkRow {
  id: string;
  site_id: string;
  subject_id: string;
  code_hash: string;
  code_tries: number;
  expires_at: string;
}

export function findPreferenceLinkByTokenHash(db: D1Database, tokenHash: string, now: string) {
  return db
    .prepare('SELECT * FROM preference_links WHERE token_hash = ? AND expires_at > ?')
    .bind(tokenHash, now)
    .first<PreferenceLinkRow>();
}

/** The subject's newest link still open to a code: unexpired, with tries left. */
export function findLinkForCode(db: D1Database, subjectId: string, now: string, maxTries: number) {
  return db
    .prepare(
      `SELECT * FROM preference_links WHERE subject_id = ? AND expires_at > ? AND code_tries < ?
        ORDER BY created_at DESC LIMIT 1`,
    )
    .bind(subjectId, now, maxTries)
    .first<PreferenceLinkRow>();
}

/** Counts a try before the code is compared, so parallel guesses cannot exceed the limit. */
export async function countCodeTry(db: D1Database, id: string, maxTries: number) {
  const result = await db
    .prepare(
      'UPDATE preference_links SET code_tries = code_tries + 1 WHERE id = ? AND code_tries < ?',
    )
    .bind(id, maxTries)
    .run();
  return result.meta.changes === 1;
}

export function deleteExpiredPreferenceLinks(db: D1Database, now: string) {
  return db.prepare('DELETE FROM preference_links WHERE expires_at <= ?').bind(now);
}
