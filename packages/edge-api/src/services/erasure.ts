import { newId } from '../crypto/tokens.js';
import { deletePersonRows } from '../store/person-rows.js';
import { insertRecordForSubject, listRecordsOfSubject, subjectById } from '../store/records.js';
import { insertSuppression } from '../store/suppressions.js';

/**
 * Erases a person from a site (R4) in one batch: a signed `erased` record per purpose they were
 * ever asked for (keyed hashes only, so the log stays verifiable and a past consent provable,
 * P3), the keyed hash of the address on the suppression list (R5), then every row that names
 * them and, with the subject row, their data key: a backup that still holds the rows cannot
 * open them.
 */
export async function eraseSubject(
  db: D1Database,
  who: { siteId: string; subjectId: string },
  reason: 'erased' | 'withdrawn',
  now: Date,
) {
  const at = now.toISOString();
  const latest = new Map<string, string>();
  for (const row of await listRecordsOfSubject(db, who.siteId, who.subjectId)) {
    latest.set(row.purpose_id, row.wording_version);
  }
  await db.batch([
    ...[...latest].map(([purposeId, wordingVersion]) =>
      insertRecordForSubject(
        db,
        subjectById(who.subjectId),
        {
          id: newId(),
          siteId: who.siteId,
          purposeId,
          event: 'erased',
          wordingVersion,
          requestId: null,
          context: {
            pageUrl: null,
            form: reason === 'erased' ? 'erasure' : 'all-withdrawn',
            evidenceIp: null,
            userAgent: null,
          },
          createdAt: at,
        },
        { sql: '1', binds: [] },
      ),
    ),
    insertSuppression(db, { siteId: who.siteId, subjectId: who.subjectId, reason, at }),
    ...deletePersonRows(db, who.subjectId),
  ]);
  return { erased: true as const, at };
}
