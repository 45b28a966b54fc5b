import type { Guard } from './guard.js';
import { subjectIdByIndexSql } from './subjects.js';

export type RecordEvent = 'requested' | 'confirmed' | 'withdrawn' | 'expired' | 'erased';

// The next sequence number is computed inside the writing statement: a D1 batch runs as one
// transaction, so two batches can never take the same number.
const nextSeqSql = '(SELECT COALESCE(MAX(seq), 0) + 1 FROM records WHERE site_id = ?)';

export interface RecordFields {
  id: string;
  siteId: string;
  purposeId: string;
  event: RecordEvent;
  wordingVersion: string;
  requestId: string;
  pageUrl: string;
  createdAt: string;
}

/** A record for the subject found by its email index (used while the request is written). */
export function insertRecordForIndex(
  db: D1Database,
  emailIndex: string,
  record: RecordFields,
  guard: Guard,
) {
  return db
    .prepare(
      `INSERT INTO records
         (id, site_id, seq, subject_id, purpose_id, event, wording_version, request_id, page_url, created_at)
       SELECT ?, ?, ${nextSeqSql}, ${subjectIdByIndexSql}, ?, ?, ?, ?, ?, ? WHERE ${guard.sql}`,
    )
    .bind(
      record.id,
      record.siteId,
      record.siteId,
      record.siteId,
      emailIndex,
      record.purposeId,
      record.event,
      record.wordingVersion,
      record.requestId,
      record.pageUrl,
      record.createdAt,
      ...guard.binds,
    );
}

/** A record written only if the request was claimed with `nonce` in the same batch. */
export function insertRecordForClaim(db: D1Database, nonce: string, record: RecordFields) {
  return db
    .prepare(
      `INSERT INTO records
         (id, site_id, seq, subject_id, purpose_id, event, wording_version, request_id, page_url, created_at)
       SELECT ?, site_id, ${nextSeqSql}, subject_id, ?, ?, ?, id, page_url, ?
         FROM consent_requests WHERE id = ? AND confirm_nonce = ?`,
    )
    .bind(
      record.id,
      record.siteId,
      record.purposeId,
      record.event,
      record.wordingVersion,
      record.createdAt,
      record.requestId,
      nonce,
    );
}

/** A record about a subject whose id is known (expiry, withdrawal), written only under `guard`. */
export function insertRecordForSubject(
  db: D1Database,
  subjectId: string,
  record: Omit<RecordFields, 'requestId' | 'pageUrl'>,
  guard: Guard,
) {
  return db
    .prepare(
      `INSERT INTO records
         (id, site_id, seq, subject_id, purpose_id, event, wording_version, created_at)
       SELECT ?, ?, ${nextSeqSql}, ?, ?, ?, ?, ? WHERE ${guard.sql}`,
    )
    .bind(
      record.id,
      record.siteId,
      record.siteId,
      subjectId,
      record.purposeId,
      record.event,
      record.wordingVersion,
      record.createdAt,
      ...guard.binds,
    );
}
