import type { Guard } from './guard.js';
import { readMany, readOne, type SqlValue } from './reads.js';

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

export function preferenceLinkByTokenHashRead(db: D1Database, tokenHash: string, now: string) {
  const statement = db
    .prepare('SELECT * FROM preference_links WHERE token_hash = ? AND expires_at > ?')
    .bind(tokenHash, now);
  return readOne(statement, (row: PreferenceLinkRow) => row);
}

/** The site of the link a token names, for reads made together with the link's own. */
export const siteOfLink = (tokenHash: string): SqlValue => ({
  sql: '(SELECT site_id FROM preference_links WHERE token_hash = ?)',
  binds: [tokenHash],
});

/** The open links of the subject with this address, one of which a typed code may belong to. */
export function openLinksOfAddressRead(db: D1Database, subject: SqlValue, now: string) {
  const statement = db
    .prepare(`SELECT * FROM preference_links WHERE subject_id = ${subject.sql} AND expires_at > ?`)
    .bind(...subject.binds, now);
  return readMany(statement, (row: PreferenceLinkRow) => row);
}

/**
 * Holds while the subject's failed tries at a code, summed over its links still open, are under
 * `maxTries`: a new link does not start the count again, and a right code then opens.
 */
export function codeTriesLeft(subjectId: string, now: string, maxTries: number): Guard {
  return {
    sql: `(SELECT COALESCE(SUM(code_tries), 0) FROM preference_links
            WHERE subject_id = ? AND expires_at > ?) < ?`,
    binds: [subjectId, now, maxTries],
  };
}

/**
 * Counts a failed try at a code against the subject, kept on its newest open link, while it has
 * tries left (decided in the batch, so parallel guesses cannot exceed `maxTries`), and only
 * under `guard` (the client's ticket).
 */
export function countSubjectCodeTry(
  db: D1Database,
  subjectId: string,
  now: string,
  maxTries: number,
  guard: Guard,
) {
  const triesLeft = codeTriesLeft(subjectId, now, maxTries);
  return db
    .prepare(
      `UPDATE preference_links SET code_tries = code_tries + 1
        WHERE id = (SELECT id FROM preference_links WHERE subject_id = ? AND expires_at > ?
                     ORDER BY created_at DESC, id LIMIT 1)
          AND ${triesLeft.sql} AND ${guard.sql}`,
    )
    .bind(subjectId, now, ...triesLeft.binds, ...guard.binds);
}

export function deleteExpiredPreferenceLinks(db: D1Database, now: string) {
  return db.prepare('DELETE FROM preference_links WHERE expires_at <= ?').bind(now);
}
