/**
 * Queues every active imported consent of a purpose for re-confirmation (M1); a person already
 * queued for it stays as they were, so a re-run queues no one twice. Answers how many were new.
 */
export async function queueImported(
  db: D1Database,
  args: {
    siteId: string;
    purposeId: string;
    withoutEvidenceOnly: boolean;
    publicUrl: string;
    now: string;
  },
) {
  const evidence = args.withoutEvidenceOnly ? 'AND imported_confirmed_at IS NULL' : '';
  const result = await db
    .prepare(
      `INSERT OR IGNORE INTO reconfirmations (site_id, purpose_id, subject_id, queued_at, public_url)
       SELECT site_id, purpose_id, subject_id, ?, ? FROM consents
        WHERE site_id = ? AND purpose_id = ? AND basis = 'imported' AND status = 'active' ${evidence}`,
    )
    .bind(args.now, args.publicUrl, args.siteId, args.purposeId)
    .run();
  return result.meta.changes;
}

/**
 * How many people a start would mail (M1): the active imported consents a queue takes, less those
 * already mailed for the purpose (a re-run mails no one twice). Writes nothing.
 */
export async function countRecipients(
  db: D1Database,
  args: { siteId: string; purposeId: string; withoutEvidenceOnly: boolean },
) {
  const evidence = args.withoutEvidenceOnly ? 'AND c.imported_confirmed_at IS NULL' : '';
  const row = await db
    .prepare(
      `SELECT COUNT(*) AS n FROM consents c
        WHERE c.site_id = ? AND c.purpose_id = ? AND c.basis = 'imported' AND c.status = 'active'
          ${evidence}
          AND NOT EXISTS (SELECT 1 FROM reconfirmations r
                           WHERE r.site_id = c.site_id AND r.purpose_id = c.purpose_id
                             AND r.subject_id = c.subject_id AND r.sent_at IS NOT NULL)`,
    )
    .bind(args.siteId, args.purposeId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** How many re-confirmations the site has sent since `since`: its share is counted against the cap. */
export async function countSentSince(db: D1Database, siteId: string, since: string) {
  const row = await db
    .prepare('SELECT COUNT(*) AS n FROM reconfirmations WHERE site_id = ? AND sent_at > ?')
    .bind(siteId, since)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export interface UnsentReconfirmation {
  purpose_id: string;
  subject_id: string;
  public_url: string;
}

/**
 * The next queued people whose consent is still imported and active: one who confirmed,
 * withdrew or was erased meanwhile is not mailed.
 */
export async function nextUnsent(db: D1Database, siteId: string, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT r.purpose_id, r.subject_id, r.public_url FROM reconfirmations r
         JOIN consents c ON c.site_id = r.site_id AND c.subject_id = r.subject_id
                        AND c.purpose_id = r.purpose_id
        WHERE r.site_id = ? AND r.sent_at IS NULL AND c.basis = 'imported' AND c.status = 'active'
        ORDER BY r.queued_at, r.subject_id LIMIT ?`,
    )
    .bind(siteId, limit)
    .all<UnsentReconfirmation>();
  return results;
}

export function markSent(
  db: D1Database,
  row: { siteId: string; purposeId: string; subjectId: string; requestId: string; now: string },
) {
  return db
    .prepare(
      `UPDATE reconfirmations SET sent_at = ?, request_id = ?
        WHERE site_id = ? AND purpose_id = ? AND subject_id = ? AND sent_at IS NULL`,
    )
    .bind(row.now, row.requestId, row.siteId, row.purposeId, row.subjectId)
    .run();
}

/** The sites with someone still queued, for the cron. */
export async function sitesWithUnsent(db: D1Database) {
  const { results } = await db
    .prepare('SELECT DISTINCT site_id FROM reconfirmations WHERE sent_at IS NULL')
    .all<{ site_id: string }>();
  return results.map((row) => row.site_id);
}

export interface ReconfirmationCounts {
  purpose_id: string;
  queued: number;
  sent: number;
  confirmed: number;
}

/** Per purpose: queued, sent, and confirmed (the consent now rests on the double opt-in). */
export async function reconfirmationCounts(db: D1Database, siteId: string, purposeId?: string) {
  const { results } = await db
    .prepare(
      `SELECT r.purpose_id, COUNT(*) AS queued, COUNT(r.sent_at) AS sent,
              COALESCE(SUM(r.sent_at IS NOT NULL AND c.basis = 'double-opt-in'
                           AND c.status = 'active'), 0) AS confirmed
         FROM reconfirmations r
         LEFT JOIN consents c ON c.site_id = r.site_id AND c.subject_id = r.subject_id
                             AND c.purpose_id = r.purpose_id
        WHERE r.site_id = ? AND (? IS NULL OR r.purpose_id = ?)
        GROUP BY r.purpose_id ORDER BY r.purpose_id`,
    )
    .bind(siteId, purposeId ?? null, purposeId ?? null)
    .all<ReconfirmationCounts>();
  return results;
}
