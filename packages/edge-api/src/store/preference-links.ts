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

/**
 * Counts a try at a code before it is compared, against the subject: failed tries are summed over
 * all its links still open (kept on the newest), so parallel guesses cannot exceed `maxTries`
 * and a new link does not start the count again. Changes nothing without an open link.
 */
export function countSubjectCodeTry(
  db: D1Database,
  subjectId: string,
  now: string,
  maxTries: number,
) {
  return db
    .prepare(
      `UPDATE preference_links SET code_tries = code_tries + 1
        WHERE id = (SELECT id FROM preference_links WHERE subject_id = ?1 AND expires_at > ?2
                     ORDER BY created_at DESC, id LIMIT 1)
          AND (SELECT COALESCE(SUM(code_tries), 0) FROM preference_links
                WHERE subject_id = ?1 AND expires_at > ?2) < ?3`,
    )
    .bind(subjectId, now, maxTries);
}

/** A try that found its link was no failure: it no longer counts. */
export function forgiveSubjectCodeTry(db: D1Database, subjectId: string, now: string) {
  return db
    .prepare(
      `UPDATE preference_links SET code_tries = code_tries - 1
        WHERE id = (SELECT id FROM preference_links
                     WHERE subject_id = ? AND expires_at > ? AND code_tries > 0
                     ORDER BY created_at DESC, id LIMIT 1)`,
    )
    .bind(subjectId, now);
}

/** The subject's links still open, one of which a typed code may belong to. */
export function listOpenLinksOfSubject(db: D1Database, subjectId: string, now: string) {
  return db
    .prepare('SELECT * FROM preference_links WHERE subject_id = ? AND expires_at > ?')
    .bind(subjectId, now);
}

export function deleteExpiredPreferenceLinks(db: D1Database, now: string) {
  return db.prepare('DELETE FROM preference_links WHERE expires_at <= ?').bind(now);
}
