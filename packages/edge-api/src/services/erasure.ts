import { newId } from '../crypto/tokens.js';
import { deletePersonRows } from '../store/person-rows.js';
import { insertRecordForSubject, listRecordsOfSubject, subjectById } from '../store/records.js';
import { listShredEntries, writeShredEntry } from '../store/shred-log.js';
import { subjectExists } from '../store/subjects.js';
import { insertSuppression } from '../store/suppressions.js';

/**
 * Erases a person from a site (R4) in one batch: a signed `erased` record per purpose they were
 * ever asked for (keyed hashes only, so the log stays verifiable and a past consent provable,
 * P3), the keyed hash of the address on the suppression list (R5), then every row that names
 * them and, with the subject row, their data key: a backup that still holds the rows cannot
 * open them.
 */
export async function eraseSubject(
  env: { DB: D1Database; SHRED_LOG?: KVNamespace },
  who: { siteId: string; subjectId: string },
  reason: 'erased' | 'withdrawn',
  now: Date,
) {
  const db = env.DB;
  const at = now.toISOString();
  // The shred log first: should the batch below be lost (or the database restored to before
  // it), the next cron pass still erases the person.
  if (!env.SHRED_LOG) throw new Error('the SHRED_LOG binding is missing');
  await writeShredEntry(env.SHRED_LOG, { site: who.siteId, subject: who.subjectId, at });
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

/**
 * After a restore of the database (D1 Time Travel brings back rows and data keys), every subject
 * in the shred log that is there again is erased again: its rows and key go, its suppression
 * entry is written again. No new records: the log already holds the erasure.
 */
export async function reapplyShredLog(env: { DB: D1Database; SHRED_LOG?: KVNamespace }) {
  if (!env.SHRED_LOG) return 0;
  let reapplied = 0;
  for await (const entry of listShredEntries(env.SHRED_LOG)) {
    if (!(await subjectExists(env.DB, entry.subject))) continue;
    await env.DB.batch([
      insertSuppression(env.DB, {
        siteId: entry.site,
        subjectId: entry.subject,
        reason: 'erased',
        at: entry.at,
      }),
      ...deletePersonRows(env.DB, entry.subject),
    ]);
    reapplied += 1;
  }
  return reapplied;
}
