import { updatedAt, wordingVersion } from './consents.js';
import { sentAtSql } from './outbox.js';
import { unpackHexSql } from './packed-cells.js';
import { listOf, readAlone, readMany, type SqlValue } from './reads.js';

/**
 * Every row that names one subject, table by table: what an export must hold (R2, R3) and an
 * erasure must remove (R4). Kept in one place so that a table added later is added to both.
 */
export async function listPersonRows(db: D1Database, subjectId: string) {
  const rows = <T>(sql: string) =>
    db
      .prepare(sql)
      .bind(subjectId)
      .all<T>()
      .then((r) => r.results);
  const [subject, consents, requests, messages, links, sessions] = await Promise.all([
    db
      .prepare(
        `SELECT id, site_id, ${unpackHexSql('email_index')} AS email_index, phone_index,
                email_sealed, phone_sealed, created_at
           FROM subjects WHERE id = ?`,
      )
      .bind(subjectId)
      .first<SubjectRow>(),
    rows<ConsentRow>(
      `SELECT site_id, subject_id, purpose_id, status, ${wordingVersion('consents')}, request_id,
              confirmed_at, ${updatedAt('consents')}, expires_at,
              ${unpackHexSql('unsubscribe_hash')} AS unsubscribe_hash, basis, imported_confirmed_at
         FROM consents WHERE subject_id = ? ORDER BY purpose_id`,
    ),
    rows<RequestRow>('SELECT * FROM consent_requests WHERE subject_id = ? ORDER BY created_at'),
    rows<MessageRow>(
      // A request's own confirmation keeps no subject of its own (store/outbox.ts): it is ?1's.
      `SELECT id, channel, COALESCE(subject_id, ?1) AS subject_id, to_sealed, subject, text_body,
              html_body, body_deflated,
              status, created_at, ${sentAtSql('outbox')}
         FROM outbox WHERE subject_id = ?1
          OR request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?1)
        ORDER BY created_at`,
    ),
    rows<LinkRow>('SELECT * FROM preference_links WHERE subject_id = ? ORDER BY created_at'),
    rows<SessionRow>('SELECT * FROM preference_sessions WHERE subject_id = ? ORDER BY created_at'),
  ]);
  return { subject, consents, requests, messages, links, sessions };
}

export interface SubjectRow {
  id: string;
  site_id: string;
  email_index: string;
  phone_index: string | null;
  email_sealed: string | null;
  phone_sealed: string | null;
  created_at: string;
}
export interface ConsentRow {
  purpose_id: string;
  status: 'active' | 'withdrawn' | 'expired';
  wording_version: string;
  request_id: string;
  confirmed_at: string;
  expires_at: string | null;
  updated_at: string;
}
export interface RequestRow {
  id: string;
  purposes: string;
  locale: 'de' | 'en' | 'fr';
  page_url: string;
  status: 'pending' | 'confirmed';
  phone_sealed: string | null;
  created_at: string;
  expires_at: string;
  confirmed_at: string | null;
}
export interface MessageRow {
  id: string;
  channel: 'email' | 'sms';
  subject_id: string | null;
  to_sealed: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  /** Since migration 0030 the bodies are here, compressed (message-bodies.ts `storedBody`). */
  body_deflated: number[] | null;
  status: 'pending' | 'sent' | 'failed';
  created_at: string;
  sent_at: string | null;
}
export interface LinkRow {
  id: string;
  created_at: string;
  expires_at: string;
  code_tries: number;
}
export interface SessionRow {
  created_at: string;
  last_used_at: string;
  expires_at: string;
}

/** A subject's contact data as sealed (its address, its numbers), with the key to open it. */
export interface SealedContactRow {
  subject_id: string;
  site_id: string;
  data_key: string | null;
  data_key_id: string | null;
  master_kid: string | null;
  kind: 'email' | 'phone';
  sealed: string;
}

/**
 * The sealed address and numbers (the subject's and those of its requests) of these subjects, in
 * one query: what an erasure opens to find the rows kept by value (rate limits, dev mailbox).
 */
export function sealedContactsRead(db: D1Database, subjectIds: SqlValue) {
  const key = 's.id AS subject_id, s.site_id, s.data_key, s.data_key_id, s.master_kid';
  const ids = subjectIds.sql;
  const statement = db
    .prepare(
      `SELECT ${key}, 'email' AS kind, s.email_sealed AS sealed FROM subjects s
        WHERE s.id IN ${ids} AND s.email_sealed IS NOT NULL
       UNION ALL
       SELECT ${key}, 'phone', s.phone_sealed FROM subjects s
        WHERE s.id IN ${ids} AND s.phone_sealed IS NOT NULL
       UNION ALL
       SELECT ${key}, 'phone', r.phone_sealed FROM consent_requests r JOIN subjects s ON s.id = r.subject_id
        WHERE r.subject_id IN ${ids} AND r.phone_sealed IS NOT NULL`,
    )
    .bind(...subjectIds.binds, ...subjectIds.binds, ...subjectIds.binds);
  return readMany(statement, (row: SealedContactRow) => row);
}

export async function listSealedContacts(db: D1Database, subjectIds: string[]) {
  if (subjectIds.length === 0) return [];
  return readAlone(db, sealedContactsRead(db, listOf(subjectIds)));
}

/** What an erasure found by the person's contact data: rows that hold no subject id. */
export interface KeptByValue {
  /** Rate-limit buckets of the address (keyed hashes); those of the numbers are found here. */
  rateBuckets: string[];
  /** The address and numbers in clear, as the development mailbox holds them. */
  addresses: string[];
}

/**
 * A test key's person (decision 0011) leaves nothing: their records were never in the log, so
 * they go too (the erasure's own, inserted earlier in the batch, with them), and so do the test
 * mailbox's messages.
 */
function testRowDeletions(db: D1Database, subjectId: string) {
  return [
    db.prepare('DELETE FROM records WHERE subject_id = ? AND test = 1').bind(subjectId),
    db.prepare('DELETE FROM test_mailbox WHERE subject_id = ?').bind(subjectId),
  ];
}

/**
 * Deletes every row that names the subject, the subject (and with it its data key: what a
 * backup still holds can no longer be read) last. For one batch with the erasure's records.
 * Rows kept by value go too: the rate-limit events of the address (`byValue`) and of the
 * numbers (their keyed index is on the subject and its requests), and messages in the
 * development mailbox; so do the idempotency keys of the person's requests (keyed hashes, but
 * of what a shop put in them).
 */
export function deletePersonRows(db: D1Database, subjectId: string, byValue: KeptByValue) {
  return [
    db
      .prepare(
        `DELETE FROM rate_events WHERE bucket IN (SELECT value FROM json_each(?2))
            OR bucket IN (
              SELECT 'phone:' || site_id || ':' || phone_index FROM subjects
               WHERE id = ?1 AND phone_index IS NOT NULL
              UNION SELECT 'phone:' || site_id || ':' || phone_index FROM consent_requests
               WHERE subject_id = ?1 AND phone_index IS NOT NULL)`,
      )
      .bind(subjectId, JSON.stringify(byValue.rateBuckets)),
    db
      .prepare(
        'DELETE FROM dev_mailbox WHERE lower(to_address) IN (SELECT lower(value) FROM json_each(?))',
      )
      .bind(JSON.stringify(byValue.addresses)),
    db
      .prepare(
        `DELETE FROM outbox WHERE subject_id = ?1
            OR request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?1)`,
      )
      .bind(subjectId),
    db.prepare('DELETE FROM idempotency_keys WHERE subject_id = ?').bind(subjectId),
    ...testRowDeletions(db, subjectId),
    db.prepare('DELETE FROM preference_sessions WHERE subject_id = ?').bind(subjectId),
    db.prepare('DELETE FROM preference_links WHERE subject_id = ?').bind(subjectId),
    db.prepare('DELETE FROM consents WHERE subject_id = ?').bind(subjectId),
    db.prepare('DELETE FROM consent_requests WHERE subject_id = ?').bind(subjectId),
    db.prepare('DELETE FROM subjects WHERE id = ?').bind(subjectId),
  ];
}

export async function listRateEventTimes(db: D1Database, bucket: string) {
  const { results } = await db
    .prepare('SELECT at FROM rate_events WHERE bucket = ? ORDER BY at')
    .bind(bucket)
    .all<{ at: string }>();
  return results;
}
