import { always, type Guard } from './guard.js';
import { packHexSql, storedIndex, unpackHexSql } from './packed-cells.js';
import { readMany } from './reads.js';
/** R5: the site no longer mails this address (and number) unless the person consents again. */
export function insertSuppression(
  db: D1Database,
  entry: { siteId: string; subjectId: string; reason: 'erased' | 'withdrawn'; at: string },
  guard: Guard = always,
) {
  return db
    .prepare(
      `INSERT INTO suppressions (site_id, email_index, phone_index, reason, created_at)
       SELECT site_id, email_index, phone_index, ?, ? FROM subjects WHERE id = ? AND ${guard.sql}
       ON CONFLICT (site_id, email_index) DO UPDATE SET
         phone_index = COALESCE(excluded.phone_index, phone_index), reason = excluded.reason,
         created_at = excluded.created_at`,
    )
    .bind(entry.reason, entry.at, entry.subjectId, ...guard.binds);
}

/** A new confirmation is a new consent: the address is no longer suppressed. */
export function liftSuppressionOfRequest(
  db: D1Database,
  requestId: string,
  guard: { sql: string; binds: unknown[] },
) {
  return db
    .prepare(
      `DELETE FROM suppressions WHERE (site_id, email_index) IN (
         SELECT s.site_id, s.email_index FROM subjects s
           JOIN consent_requests r ON r.subject_id = s.id WHERE r.id = ?) AND ${guard.sql}`,
    )
    .bind(requestId, ...guard.binds);
}

export function findSuppression(
  db: D1Database,
  siteId: string,
  kind: 'email' | 'phone',
  index: string,
) {
  const column = kind === 'email' ? 'email_index' : 'phone_index';
  return db
    .prepare(
      `SELECT reason, created_at FROM suppressions WHERE site_id = ? AND ${column} = ? LIMIT 1`,
    )
    .bind(siteId, storedIndex(kind, index))
    .first<{ reason: 'erased' | 'withdrawn'; created_at: string }>();
}

/** Which of these email indexes (one JSON list) the site suppresses, and why. */
export function suppressedEmailIndexesRead(db: D1Database, siteId: string, indexesJson: string) {
  const statement = db
    .prepare(
      `SELECT ${unpackHexSql('email_index')} AS email_index, reason FROM suppressions
        WHERE site_id = ? AND email_index IN (SELECT ${packHexSql('value')} FROM json_each(?))`,
    )
    .bind(siteId, indexesJson);
  return readMany(statement, (row: { email_index: string; reason: 'erased' | 'withdrawn' }) => row);
}
