import type { ConsentRecord, RecordEvent, SignedRecord } from '@signet/sdk';
import type { Guard } from './guard.js';
import { ofPerson, readAlone, readMany, type SqlValue } from './reads.js';
import { subjectIdByIndexSql } from './subjects.js';

export type { RecordEvent };

/** What a record proves beyond the event itself (P1): where and how it happened. */
export interface RecordContext {
  pageUrl: string | null;
  form: string | null;
  evidenceIp: string | null;
  userAgent: string | null;
}

export interface RecordFields {
  id: string;
  siteId: string;
  purposeId: string;
  event: RecordEvent;
  wordingVersion: string;
  requestId: string | null;
  context: RecordContext;
  createdAt: string;
}

const columns = `(id, site_id, subject_id, email_hash, phone_hash, purpose_id, event, wording_version,
  request_id, page_url, form, evidence_ip, evidence_user_agent, created_at)`;

function tail(record: RecordFields) {
  return [
    record.purposeId,
    record.event,
    record.wordingVersion,
    record.requestId,
    record.context.pageUrl,
    record.context.form,
    record.context.evidenceIp,
    record.context.userAgent,
    record.createdAt,
  ];
}

/**
 * A record for the subject with this email index, written in the batch of the request. It is
 * complete but for its place in the log, which the sequencer adds (see services/record-log.ts).
 */
export function insertRecordForIndex(
  db: D1Database,
  contact: { emailIndex: string; phoneIndex: string | null },
  record: RecordFields,
  guard: Guard,
) {
  return db
    .prepare(
      `INSERT INTO records ${columns}
       SELECT ?, ?, ${subjectIdByIndexSql}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE ${guard.sql}`,
    )
    .bind(
      record.id,
      record.siteId,
      record.siteId,
      contact.emailIndex,
      contact.emailIndex,
      contact.phoneIndex,
      ...tail(record),
      ...guard.binds,
    );
}

/** A record about a known subject (confirmation, expiry), written only under `guard`. */
export function insertRecordForSubject(
  db: D1Database,
  subjectSql: { sql: string; binds: unknown[] },
  record: RecordFields,
  guard: Guard,
) {
  return db
    .prepare(
      `INSERT INTO records ${columns}
       SELECT ?, ?, s.id, s.email_index, s.phone_index, ?, ?, ?, ?, ?, ?, ?, ?, ?
         FROM subjects s WHERE s.id = ${subjectSql.sql} AND ${guard.sql}`,
    )
    .bind(record.id, record.siteId, ...tail(record), ...subjectSql.binds, ...guard.binds);
}

export const subjectById = (id: string) => ({ sql: '?', binds: [id] });
export const subjectOfRequest = (requestId: string) => ({
  sql: '(SELECT subject_id FROM consent_requests WHERE id = ?)',
  binds: [requestId],
});

export interface RecordRow {
  id: string;
  site_id: string;
  seq: number | null;
  subject_id: string;
  email_hash: string | null;
  phone_hash: string | null;
  purpose_id: string;
  event: RecordEvent;
  wording_version: string;
  request_id: string | null;
  page_url: string | null;
  form: string | null;
  evidence_ip: string | null;
  evidence_user_agent: string | null;
  created_at: string;
  prev_hash: string | null;
  hash: string | null;
  kid: string | null;
  sig: string | null;
}

/** The signed payload of a row at a given place in the log. */
export function recordPayload(row: RecordRow, seq: number, prev: string): ConsentRecord {
  return {
    v: 1,
    id: row.id,
    site: row.site_id,
    seq,
    prev,
    subject: row.subject_id,
    contact: { email: row.email_hash, phone: row.phone_hash },
    purpose: row.purpose_id,
    wording: { version: row.wording_version, sha256: row.wording_version },
    event: row.event,
    at: row.created_at,
    source: { pageUrl: row.page_url, form: row.form },
    evidence: { ip: row.evidence_ip, userAgent: row.evidence_user_agent },
    request: row.request_id,
  };
}

export async function listUnsequenced(db: D1Database, siteId: string, limit: number) {
  const { results } = await db
    .prepare(
      'SELECT * FROM records WHERE site_id = ? AND seq IS NULL ORDER BY created_at, rowid LIMIT ?',
    )
    .bind(siteId, limit)
    .all<RecordRow>();
  return results;
}

export async function listSitesWithUnsequenced(db: D1Database) {
  const { results } = await db
    .prepare('SELECT DISTINCT site_id FROM records WHERE seq IS NULL')
    .all<{ site_id: string }>();
  return results.map((row) => row.site_id);
}

export function sealRecord(
  db: D1Database,
  seal: { id: string; seq: number; prev: string; hash: string; kid: string; sig: string },
  guard: Guard,
) {
  return db
    .prepare(
      `UPDATE records SET seq = ?, prev_hash = ?, hash = ?, kid = ?, sig = ?
        WHERE id = ? AND seq IS NULL AND ${guard.sql}`,
    )
    .bind(seal.seq, seal.prev, seal.hash, seal.kid, seal.sig, seal.id, ...guard.binds);
}

export async function findSealedRecord(db: D1Database, siteId: string, id: string) {
  return db
    .prepare('SELECT * FROM records WHERE site_id = ? AND id = ? AND seq IS NOT NULL')
    .bind(siteId, id)
    .first<RecordRow>();
}

export async function listSealedRecords(
  db: D1Database,
  siteId: string,
  filter: { subjectId?: string; purposeId?: string; afterSeq: number; limit: number },
) {
  const { results } = await db
    .prepare(
      `SELECT * FROM records
        WHERE site_id = ?1 AND seq IS NOT NULL AND seq > ?2
          AND (?3 IS NULL OR subject_id = ?3) AND (?4 IS NULL OR purpose_id = ?4)
        ORDER BY seq LIMIT ?5`,
    )
    .bind(siteId, filter.afterSeq, filter.subjectId ?? null, filter.purposeId ?? null, filter.limit)
    .all<RecordRow>();
  return results;
}

/** Every record of one subject, sealed or still waiting for its place in the log. */
export function recordsOfSubjectRead(
  db: D1Database,
  siteId: string | SqlValue,
  subjectId: string | SqlValue,
) {
  const person = ofPerson(siteId, subjectId);
  const statement = db
    .prepare(
      `SELECT * FROM records WHERE ${person.sql} ORDER BY seq IS NULL, seq, created_at, rowid`,
    )
    .bind(...person.binds);
  return readMany(statement, (row: RecordRow) => row);
}

export function listRecordsOfSubject(db: D1Database, siteId: string, subjectId: string) {
  return readAlone(db, recordsOfSubjectRead(db, siteId, subjectId));
}

export interface EventCountRow {
  purpose_id: string;
  day: string;
  event: string;
  n: number;
}

/** Records per purpose, day and event in [from, to): what reports are made of (A1). */
export async function countEventsByDay(db: D1Database, siteId: string, from: string, to: string) {
  const { results } = await db
    .prepare(
      `SELECT purpose_id, substr(created_at, 1, 10) AS day, event, COUNT(*) AS n
         FROM records
        WHERE site_id = ? AND created_at >= ? AND created_at < ?
        GROUP BY purpose_id, day, event`,
    )
    .bind(siteId, from, to)
    .all<EventCountRow>();
  return results;
}

export interface ConfirmationDelayRow {
  purpose_id: string;
  day: string;
  seconds: number;
}

/**
 * For each request made in [from, to) and confirmed since: its purpose, the day it was made and
 * the seconds until the confirmation (the two records share the request id).
 */
export async function listConfirmationDelays(
  db: D1Database,
  siteId: string,
  from: string,
  to: string,
) {
  const { results } = await db
    .prepare(
      `SELECT r.purpose_id, substr(r.created_at, 1, 10) AS day,
              (julianday(c.created_at) - julianday(r.created_at)) * 86400.0 AS seconds
         FROM records r
         JOIN records c ON c.site_id = r.site_id AND c.request_id = r.request_id
                       AND c.purpose_id = r.purpose_id AND c.event = 'confirmed'
        WHERE r.site_id = ? AND r.event = 'requested' AND r.created_at >= ? AND r.created_at < ?`,
    )
    .bind(siteId, from, to)
    .all<ConfirmationDelayRow>();
  return results;
}

/** A sealed row as the signed record the API hands out; a row not yet sealed is an error. */
export function toSignedRecord(row: RecordRow): SignedRecord {
  if (row.seq === null || !row.prev_hash || !row.hash || !row.kid || !row.sig) {
    throw new Error(`record ${row.id} is not sealed`);
  }
  return {
    record: recordPayload(row, row.seq, row.prev_hash),
    hash: row.hash,
    kid: row.kid,
    sig: row.sig,
  };
}

/**
 * The sealed records whose contact hash is this per-site keyed index (of an email address or a
 * phone number), of one purpose or all, in log order: found without the subject row, so after
 * an erasure too (the records keep the hash, never the address).
 */
export function recordsByContactRead(
  db: D1Database,
  siteId: string,
  contact: { kind: 'email' | 'phone'; index: string },
  purposeId: string | null,
) {
  const column = contact.kind === 'email' ? 'email_hash' : 'phone_hash';
  const statement = db
    .prepare(
      `SELECT * FROM records
        WHERE site_id = ?1 AND ${column} = ?2 AND seq IS NOT NULL AND (?3 IS NULL OR purpose_id = ?3)
        ORDER BY seq LIMIT 5000`,
    )
    .bind(siteId, contact.index, purposeId);
  return readMany(statement, (row: RecordRow) => row);
}
