import { masterKeys, open, unwrapDataKey } from '../crypto/data-keys.js';
import { recordMacKey } from '../crypto/record-mac.js';
import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import {
  deletePersonRows,
  type KeptByValue,
  listSealedContacts,
  type SealedContactRow,
  sealedContactsRead,
} from '../store/person-rows.js';
import { listOf, readTogether, type SqlValue } from '../store/reads.js';
import {
  insertRecordForSubject,
  type RecordRow,
  recordsOfSubjectRead,
  withMac,
} from '../store/records.js';
import {
  listShredPage,
  readShredCursor,
  shredEntryTime,
  writeShredCursor,
  writeShredEntry,
} from '../store/shred-log.js';
import { existingSubjects } from '../store/subjects.js';
import { insertSuppression } from '../store/suppressions.js';
import { addressBuckets } from './request-admission.js';
import { sealedAs } from './subject-keys.js';

export type ErasureEnv = Pick<Env, 'DB' | 'SHRED_LOG' | 'INDEX_KEY' | 'MASTER_KEY' | 'RECORD_KEY'>;

/**
 * What the erasure of these subjects must find by their contact data, opened with their own
 * keys: the rate-limit buckets of the address and the address and numbers as the development
 * mailbox holds them. One query for them all; a subject without a key (or gone) finds nothing.
 */
async function keptByValue(env: ErasureEnv, rows: SealedContactRow[]) {
  const found = new Map<string, KeptByValue>();
  const master = rows.length > 0 ? await masterKeys(env) : null;
  const keys = new Map<string, Promise<CryptoKey | null>>();
  for (const row of rows) {
    if (!master || !row.data_key || !row.data_key_id || !row.master_kid) continue;
    const stored = {
      subjectId: row.subject_id,
      id: row.data_key_id,
      wrapped: row.data_key,
      masterKid: row.master_kid,
    };
    if (!keys.has(row.subject_id)) {
      keys.set(
        row.subject_id,
        unwrapDataKey(master, stored).then(
          (key) => key.key,
          () => null,
        ),
      );
    }
    const key = await keys.get(row.subject_id);
    const value =
      key && (await open(key, row.sealed, sealedAs[row.kind](row.subject_id)).catch(() => null));
    if (!value) continue;
    const kept = found.get(row.subject_id) ?? { rateBuckets: [], addresses: [] };
    kept.addresses.push(value);
    if (row.kind === 'email') {
      kept.rateBuckets.push(...(await addressBuckets(env.INDEX_KEY, row.site_id, value)));
    }
    found.set(row.subject_id, kept);
  }
  return (subjectId: string) => found.get(subjectId) ?? { rateBuckets: [], addresses: [] };
}

/** What an erasure reads, in one round trip (its caller may add its own reads to it). */
export function erasureReads(
  db: D1Database,
  who: { siteId: string | SqlValue; subjectId: string | SqlValue },
) {
  return [
    sealedContactsRead(db, listOf(who.subjectId)),
    recordsOfSubjectRead(db, who.siteId, who.subjectId),
  ] as const;
}

/**
 * Why a person is erased: at their (or the site owner's) request, or because their last purpose
 * was withdrawn or lapsed (the rule of `last-purpose.ts`).
 */
export type ErasureReason = 'erased' | 'withdrawn' | 'expired';

/** The `erased` record's form, and the reason the suppression list keeps. */
const erasedAs = {
  erased: { form: 'erasure', suppression: 'erased' },
  withdrawn: { form: 'all-withdrawn', suppression: 'withdrawn' },
  // The person withdrew nothing: the data was erased because what it was held for ended.
  expired: { form: 'all-expired', suppression: 'erased' },
} as const;

export async function eraseSubject(
  env: ErasureEnv,
  who: { siteId: string; subjectId: string },
  reason: ErasureReason,
  now: Date,
) {
  const found = await readTogether(env.DB, erasureReads(env.DB, who));
  return eraseWith(env, who, found, reason, now);
}

/**
 * Erases a person from a site (R4) in one batch: a signed `erased` record per purpose they were
 * ever asked for (keyed hashes only, so the log stays verifiable and a past consent provable,
 * P3), the keyed hash of the address on the suppression list (R5), then every row that names
 * them and, with the subject row, their data key: a backup that still holds the rows cannot
 * open them. `found` is what `erasureReads` found, read together with the caller's own reads.
 */
export async function eraseWith(
  env: ErasureEnv,
  who: { siteId: string; subjectId: string },
  [contacts, records]: [SealedContactRow[], RecordRow[]],
  reason: ErasureReason,
  now: Date,
) {
  const db = env.DB;
  const at = now.toISOString();
  // The shred log first: should the batch below be lost (or the database restored to before
  // it), the next cron pass still erases the person.
  if (!env.SHRED_LOG) throw new Error('the SHRED_LOG binding is missing');
  await writeShredEntry(env.SHRED_LOG, { site: who.siteId, subject: who.subjectId, at });
  const byValue = await keptByValue(env, contacts);
  const latest = new Map<string, string>();
  for (const row of records) {
    latest.set(row.purpose_id, row.wording_version);
  }
  const recordKey = await recordMacKey(env);
  const erasedRecords = await Promise.all(
    [...latest].map(([purposeId, wordingVersion]) =>
      withMac(recordKey, {
        id: newId(),
        siteId: who.siteId,
        subjectId: who.subjectId,
        purposeId,
        event: 'erased',
        wordingVersion,
        requestId: null,
        context: {
          pageUrl: null,
          form: erasedAs[reason].form,
          evidenceIp: null,
          userAgent: null,
        },
        createdAt: at,
      }),
    ),
  );
  await db.batch([
    ...erasedRecords.map((record) => insertRecordForSubject(db, record, { sql: '1', binds: [] })),
    insertSuppression(db, {
      siteId: who.siteId,
      subjectId: who.subjectId,
      reason: erasedAs[reason].suppression,
      at,
    }),
    ...deletePersonRows(db, who.subjectId, byValue(who.subjectId)),
  ]);
  return { erased: true as const, at };
}

/** What one cron pass may spend on the shred log: Workers allow 1,000 KV operations a call. */
export const shredLogPass = { pageSize: 1000, kvOperations: 500 };
/** Entries erased again per D1 batch. */
const entriesPerBatch = 50;

/**
 * After a restore of the database (D1 Time Travel brings back rows and data keys), every subject
 * in the shred log that is there again is erased again: its rows and key go, its suppression
 * entry is written again. No new records: the log already holds the erasure.
 *
 * A pass reads the log a page at a time from where the last one stopped (the cursor is kept in
 * the namespace), one listing and one D1 query per page, and stops within its budget of KV
 * operations; the next pass goes on, and after the last page starts over. Entries carry their
 * time in the key's metadata; only one written before that and whose subject is back costs a read.
 */
export async function reapplyShredLog(env: ErasureEnv, limits = shredLogPass) {
  const kv = env.SHRED_LOG;
  if (!kv) return 0;
  const start = await readShredCursor(kv);
  // The cursor read, and one operation kept for writing it back.
  let operations = 2;
  let cursor = start;
  let reapplied = 0;
  while (operations < limits.kvOperations) {
    operations += 1;
    const page = await listShredPage(kv, cursor, limits.pageSize).catch((error: unknown) => {
      // A cursor too old to use: start over.
      if (cursor === null) throw error;
      return { entries: [], next: null, stale: true };
    });
    if ('stale' in page) {
      cursor = null;
      continue;
    }
    const present = await existingSubjects(
      env.DB,
      page.entries.map((entry) => entry.subject),
    );
    const due: { site: string; subject: string; at: string }[] = [];
    let pageDone = true;
    for (const entry of page.entries) {
      if (!present.has(entry.subject)) continue;
      if (entry.at !== null) {
        due.push({ ...entry, at: entry.at });
        continue;
      }
      if (operations >= limits.kvOperations) {
        pageDone = false;
        continue;
      }
      operations += 1;
      const at = await shredEntryTime(kv, entry);
      if (at) due.push({ ...entry, at });
    }
    const byValue = await keptByValue(
      env,
      await listSealedContacts(
        env.DB,
        due.map((entry) => entry.subject),
      ),
    );
    for (let i = 0; i < due.length; i += entriesPerBatch) {
      await env.DB.batch(
        due.slice(i, i + entriesPerBatch).flatMap((entry) => [
          insertSuppression(env.DB, {
            siteId: entry.site,
            subjectId: entry.subject,
            reason: 'erased',
            at: entry.at,
          }),
          ...deletePersonRows(env.DB, entry.subject, byValue(entry.subject)),
        ]),
      );
    }
    reapplied += due.length;
    // Entries left for lack of budget: the page is read again (those erased now are gone then).
    if (!pageDone) break;
    cursor = page.next;
    if (cursor === null) break;
  }
  if (cursor !== start) await writeShredCursor(kv, cursor);
  return reapplied;
}
