import type { Guard } from './guard.js';
import { packedHex, packHexSql, storedIndex, unpackHexSql } from './packed-cells.js';
import { readMany, readOne, type SqlValue } from './reads.js';

/** A data key as a subject row stores it: wrapped by a master key (crypto/data-keys.ts). */
export interface StoredKey {
  id: string;
  wrapped: string;
  masterKid: string;
}

export interface NewSubject {
  id: string;
  siteId: string;
  emailIndex: string;
  /** The address sealed under the subject's own data key. */
  emailSealed: string;
  key: StoredKey;
  createdAt: string;
  /** A test key's person (decision 0011): apart from the log, reports and exports. */
  test: boolean;
}

/**
 * Creates the subject unless the site already knows this address (then nothing changes). The
 * plaintext column stays empty (S2).
 */
export function insertSubjectIfNew(db: D1Database, subject: NewSubject, guard: Guard) {
  return db
    .prepare(
      `INSERT INTO subjects
         (id, site_id, email_index, email, email_sealed, data_key, data_key_id, master_kid, created_at,
          test)
       SELECT ?, ?, ?, '', ?, ?, ?, ?, ?, ? WHERE ${guard.sql}
       ON CONFLICT (site_id, email_index) DO NOTHING`,
    )
    .bind(
      subject.id,
      subject.siteId,
      packedHex(subject.emailIndex),
      subject.emailSealed,
      subject.key.wrapped,
      subject.key.id,
      subject.key.masterKid,
      subject.createdAt,
      subject.test ? 1 : 0,
      ...guard.binds,
    );
}

/** A subject from before encryption at rest gets its key and sealed address, and loses the plaintext. */
export function sealLegacySubject(
  db: D1Database,
  subject: { id: string; emailSealed: string; phoneSealed: string | null; key: StoredKey },
) {
  return db
    .prepare(
      `UPDATE subjects SET email_sealed = ?, phone_sealed = ?, email = '', phone = NULL,
              data_key = ?, data_key_id = ?, master_kid = ?
        WHERE id = ? AND data_key IS NULL`,
    )
    .bind(
      subject.emailSealed,
      subject.phoneSealed,
      subject.key.wrapped,
      subject.key.id,
      subject.key.masterKid,
      subject.id,
    );
}

/** Holds while the subject's data key is the one a batch sealed its values with. */
/**
 * The subject's contact hashes are still these (as `unsealedRow` takes them): a record written
 * from the subject row (`insertRecordForSubject`) then holds exactly what was signed for it.
 */
export function subjectContactIs(
  subjectId: string,
  contact: { emailIndex: string; phoneIndex: string | null },
): Guard {
  return {
    sql: `EXISTS (SELECT 1 FROM subjects s WHERE s.id = ? AND ${unpackHexSql('s.email_index')} IS ?
                    AND ${unpackHexSql('s.phone_index')} IS ?)`,
    binds: [subjectId, contact.emailIndex, contact.phoneIndex],
  };
}

export function subjectKeyIs(subjectId: string, keyId: string): Guard {
  return {
    sql: 'EXISTS (SELECT 1 FROM subjects WHERE id = ? AND data_key_id = ?)',
    binds: [subjectId, keyId],
  };
}

export interface SubjectKeyRow {
  id: string;
  data_key: string | null;
  data_key_id: string | null;
  master_kid: string | null;
  /** Only rows from before migration 0006 still hold these. */
  email: string;
  phone: string | null;
}

/** What `SubjectKeyRow` holds. */
const keyColumns = 'id, data_key, data_key_id, master_kid, email, phone';

export function subjectKeyByIndexRead(db: D1Database, siteId: string, emailIndex: string) {
  const statement = db
    .prepare(`SELECT ${keyColumns} FROM subjects WHERE site_id = ? AND email_index = ?`)
    .bind(siteId, packedHex(emailIndex));
  return readOne(statement, (row: SubjectKeyRow) => row);
}

export function findSubjectKey(db: D1Database, subjectId: string) {
  return db
    .prepare(`SELECT ${keyColumns} FROM subjects WHERE id = ?`)
    .bind(subjectId)
    .first<SubjectKeyRow>();
}

export async function listUnsealedSubjects(db: D1Database, limit: number) {
  const { results } = await db
    .prepare(`SELECT ${keyColumns} FROM subjects WHERE data_key IS NULL LIMIT ?`)
    .bind(limit)
    .all<SubjectKeyRow>();
  return results;
}

/** SQL for the id of the site's subject with this address's blind index, and its binds. */
export function subjectIdByIndex(siteId: string, emailIndex: string) {
  return {
    sql: '(SELECT id FROM subjects WHERE site_id = ? AND email_index = ?)',
    binds: [siteId, packedHex(emailIndex)],
  };
}

export type ContactKind = 'email' | 'phone';

const indexColumn: Record<ContactKind, string> = { email: 'email_index', phone: 'phone_index' };

/** The subject that holds this index now, if any (none after an erasure). */
export function subjectIdRead(db: D1Database, siteId: string, kind: ContactKind, index: string) {
  const statement = db
    .prepare(`SELECT id FROM subjects WHERE site_id = ? AND ${indexColumn[kind]} = ? LIMIT 1`)
    .bind(siteId, storedIndex(kind, index));
  return readOne(statement, (row: { id: string }) => row.id);
}

export function findSubjectId(db: D1Database, siteId: string, kind: ContactKind, index: string) {
  return db
    .prepare(`SELECT id FROM subjects WHERE site_id = ? AND ${indexColumn[kind]} = ? LIMIT 1`)
    .bind(siteId, storedIndex(kind, index))
    .first<{ id: string }>();
}

/** Subjects whose data key is wrapped by another master key than the active one (rotation). */
export async function listSubjectsWrappedBy(db: D1Database, notKid: string, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT id, data_key, data_key_id, master_kid, email, phone FROM subjects
        WHERE data_key IS NOT NULL AND master_kid <> ? LIMIT ?`,
    )
    .bind(notKid, limit)
    .all<SubjectKeyRow>();
  return results;
}

/** How many data keys are still wrapped by another master key than `notKid`. */
export function countSubjectsWrappedBy(db: D1Database, notKid: string) {
  return db
    .prepare('SELECT COUNT(*) AS n FROM subjects WHERE data_key IS NOT NULL AND master_kid <> ?')
    .bind(notKid);
}

/** Stores a re-wrapped data key, unless the row changed meanwhile. */
export function replaceWrappedKey(
  db: D1Database,
  subject: { id: string; keyId: string; wrapped: string; masterKid: string },
) {
  return db
    .prepare('UPDATE subjects SET data_key = ?, master_kid = ? WHERE id = ? AND data_key_id = ?')
    .bind(subject.wrapped, subject.masterKid, subject.id, subject.keyId);
}

/** The sealed address of a subject with its data key, as one read. */
export function sealedContactWithKeyRead(db: D1Database, subjectId: SqlValue) {
  const statement = db
    .prepare(`SELECT ${keyColumns}, email_sealed FROM subjects WHERE id = ${subjectId.sql}`)
    .bind(...subjectId.binds);
  return readOne(statement, (row: SealedContactWithKey) => row);
}

type SealedContactWithKey = SubjectKeyRow & { email_sealed: string | null };

/** A subject's contact data as stored: sealed under its data key. */
export function findSealedContact(db: D1Database, subjectId: string) {
  return db
    .prepare('SELECT email_sealed, phone_sealed FROM subjects WHERE id = ?')
    .bind(subjectId)
    .first<{ email_sealed: string | null; phone_sealed: string | null }>();
}

/** Which of these subjects exist: one query for a whole page of ids. */
export async function existingSubjects(db: D1Database, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const { results } = await db
    .prepare('SELECT id FROM subjects WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify(ids))
    .all<{ id: string }>();
  return new Set(results.map((row) => row.id));
}

export type PageSubjectRow = SubjectKeyRow & {
  email_sealed: string | null;
  phone_sealed: string | null;
  /** 1 when the site's log names this id: a subject gone from `subjects` was erased. */
  in_log: number;
  /** 1 while the site holds the subject's row. */
  held: number;
};

/**
 * The sealed contact data with the data key of each of these subject ids on one site, and for
 * ids whose row is gone whether the site's log names them: one query for a page of records.
 * An id of another site matches neither and is left out.
 */
export async function listSealedContactsOf(db: D1Database, siteId: string, ids: string[]) {
  const { results } = await db
    .prepare(
      `SELECT j.value AS id, s.data_key, s.data_key_id, s.master_kid,
              COALESCE(s.email, '') AS email, s.phone, s.email_sealed, s.phone_sealed,
              s.id IS NULL AND EXISTS (SELECT 1 FROM records r
                WHERE r.site_id = ?1 AND r.subject_id = j.value) AS in_log,
              s.id IS NOT NULL AS held
         FROM json_each(?2) j LEFT JOIN subjects s ON s.id = j.value AND s.site_id = ?1
        WHERE s.id IS NOT NULL OR in_log`,
    )
    .bind(siteId, JSON.stringify(ids))
    .all<PageSubjectRow>();
  return results;
}

export type ExportSubjectRow = SubjectKeyRow & {
  /** Where the next page starts. */
  position: number;
  email_sealed: string | null;
  phone_sealed: string | null;
  created_at: string;
};

/**
 * One page of the site's subjects in the order they were written, after `after` (a page's last
 * `position`), with what opens their contact data: a whole-site export reads them page by page,
 * never all at once (M2). By rowid, so the site's index holds no more than the site (issue 23).
 */
export async function listSubjectsPage(
  db: D1Database,
  siteId: string,
  after: number,
  limit: number,
) {
  const { results } = await db
    .prepare(
      `SELECT created_at, email_sealed, phone_sealed, ${keyColumns}, rowid AS position FROM subjects
        WHERE site_id = ? AND test = 0 AND rowid > ? ORDER BY rowid LIMIT ?`,
    )
    .bind(siteId, after, limit)
    .all<ExportSubjectRow>();
  return results;
}

/** Test people (decision 0011) made before `before`: what the cron's 7-day purge deletes. */
export async function listTestSubjectsBefore(db: D1Database, before: string, limit: number) {
  const { results } = await db
    .prepare('SELECT id FROM subjects WHERE test = 1 AND created_at < ? LIMIT ?')
    .bind(before, limit)
    .all<{ id: string }>();
  return results.map((row) => row.id);
}

/** The subjects of a site with these email indexes (one JSON list), for an import. */
export function subjectsByEmailIndexesRead(db: D1Database, siteId: string, indexesJson: string) {
  const statement = db
    .prepare(
      `SELECT id, ${unpackHexSql('email_index')} AS email_index FROM subjects
        WHERE site_id = ? AND email_index IN (SELECT ${packHexSql('value')} FROM json_each(?))`,
    )
    .bind(siteId, indexesJson);
  return readMany(statement, (row: { id: string; email_index: string }) => row);
}

/** A new subject of an import, sealed as any (S2): `key` is its data key wrapped. */
export interface ImportedSubject {
  id: string;
  index: string;
  sealed: string;
  key: string;
  keyId: string;
  kid: string;
}

/**
 * M1: the new subjects of an import (a JSON list of {@link ImportedSubject}), unless the site
 * knows the address by then or it is suppressed (an erasure or withdrawal that came meanwhile).
 */
export function insertImportedSubjects(
  db: D1Database,
  siteId: string,
  subjectsJson: string,
  now: string,
) {
  return db
    .prepare(
      `INSERT INTO subjects
         (id, site_id, email_index, email, email_sealed, data_key, data_key_id, master_kid, created_at)
       SELECT json_extract(j.value, '$.id'), ?1, ${packHexSql("json_extract(j.value, '$.index')")}, '',
              json_extract(j.value, '$.sealed'), json_extract(j.value, '$.key'),
              json_extract(j.value, '$.keyId'), json_extract(j.value, '$.kid'), ?2
         FROM json_each(?3) j
        WHERE NOT EXISTS (SELECT 1 FROM suppressions x
                           WHERE x.site_id = ?1
                             AND x.email_index = ${packHexSql("json_extract(j.value, '$.index')")})
       ON CONFLICT (site_id, email_index) DO NOTHING`,
    )
    .bind(siteId, now, subjectsJson);
}
