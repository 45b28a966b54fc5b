import type { ConsentBasis } from '@signet/sdk';
import type { Guard } from './guard.js';
import { packedHex, packHexSql, storedIndex, unpackHexSql } from './packed-cells.js';
import { ofPerson, type Read, readAlone, readMany, readOne, type SqlValue } from './reads.js';
import type { ContactKind } from './subjects.js';

/** A consent's wording version, stored packed (packed-cells.ts), read back as hex. */
export const wordingVersion = (table: string) =>
  `${unpackHexSql(`${table}.wording_version`)} AS wording_version`;

/**
 * When a consent last changed: '' while that is its confirmation, which `confirmed_at` holds
 * already (issue 23: 24 bytes a consent), read back as that time.
 */
export const updatedAt = (table: string) =>
  `COALESCE(NULLIF(${table}.updated_at, ''), ${table}.confirmed_at) AS updated_at`;

/** Activates one purpose for the subject of a request, under the claim `guard`. */
export function activateConsent(
  db: D1Database,
  requestId: string,
  purpose: { id: string; wordingVersion: string; expiresAt: string | null },
  now: string,
  guard: Guard,
) {
  return db
    .prepare(
      `INSERT INTO consents
         (site_id, subject_id, purpose_id, status, wording_version, request_id, confirmed_at, updated_at, expires_at)
       SELECT site_id, subject_id, ?, 'active', ?, id, ?, '', ?
         FROM consent_requests WHERE id = ? AND ${guard.sql}
       ON CONFLICT (site_id, subject_id, purpose_id) DO UPDATE SET
         status = 'active', wording_version = excluded.wording_version,
         request_id = excluded.request_id, confirmed_at = excluded.confirmed_at,
         updated_at = excluded.updated_at, expires_at = excluded.expires_at,
         basis = 'double-opt-in', imported_confirmed_at = NULL`,
    )
    .bind(
      purpose.id,
      packedHex(purpose.wordingVersion),
      now,
      purpose.expiresAt,
      requestId,
      ...guard.binds,
    );
}

export interface ConsentStateRow {
  subject_id: string;
  channel: string;
  status: 'active' | 'withdrawn' | 'expired';
  confirmed_at: string;
  wording_version: string;
  basis: ConsentBasis;
  /** An imported consent's DOI evidence: the confirmation time its source reported. */
  imported_confirmed_at: string | null;
  /** The purpose's setting for imported consents without that evidence. */
  imported_without_evidence: 'count' | 'ignore' | 'until';
  imported_until: string | null;
  record_id: string | null;
  record_event: string | null;
  record_at: string | null;
}

const indexColumn: Record<ContactKind, string> = { email: 'email_index', phone: 'phone_index' };

const importColumns = `c.basis, c.imported_confirmed_at, p.imported_without_evidence,
              p.imported_until`;

/**
 * The state of one purpose for the subject with this contact, and the record of the
 * confirmation (or, for an imported consent, the import) that made it active. A consent whose lifetime has ended counts as gone even
 * before the cron marks it expired.
 */
export function consentStateRead(
  db: D1Database,
  siteId: string,
  contact: { kind: ContactKind; index: string },
  purposeId: string,
  now: string,
): Read<ConsentStateRow | null> {
  const statement = db
    .prepare(
      `SELECT s.id AS subject_id, p.channel, c.status, c.confirmed_at, ${wordingVersion('c')},
              ${importColumns}, r.id AS record_id, r.event AS record_event, r.created_at AS record_at
         FROM subjects s
         JOIN consents c ON c.site_id = s.site_id AND c.subject_id = s.id AND c.purpose_id = ?
         JOIN purposes p ON p.site_id = c.site_id AND p.id = c.purpose_id
         LEFT JOIN records r ON r.id = CASE WHEN c.basis = 'imported' THEN c.request_id ELSE (
           SELECT id FROM records
            WHERE site_id = c.site_id AND subject_id = c.subject_id AND purpose_id = c.purpose_id
              AND request_id = c.request_id AND event = 'confirmed'
            LIMIT 1) END
        WHERE s.site_id = ? AND s.${indexColumn[contact.kind]} = ?
          AND (c.expires_at IS NULL OR c.expires_at > ?)
        ORDER BY c.status = 'active' DESC LIMIT 1`,
    )
    .bind(purposeId, siteId, storedIndex(contact.kind, contact.index), now);
  return readOne(statement, (row: ConsentStateRow) => row);
}

/**
 * {@link consentStateRead} for many contacts in one query: the indexes travel as one JSON array
 * (D1 binds at most 100 parameters), and only active, unexpired consents come back.
 */
export function activeConsentStatesRead(
  db: D1Database,
  siteId: string,
  kind: ContactKind,
  indexes: string[],
  purposeId: string,
  now: string,
): Read<(ConsentStateRow & { contact_index: string })[]> {
  const statement = db
    .prepare(
      `SELECT ${unpackHexSql(`s.${indexColumn[kind]}`)} AS contact_index, s.id AS subject_id,
              p.channel, c.status,
              c.confirmed_at, ${wordingVersion('c')}, ${importColumns},
              r.id AS record_id, r.event AS record_event, r.created_at AS record_at
         FROM subjects s
         JOIN consents c ON c.site_id = s.site_id AND c.subject_id = s.id AND c.purpose_id = ?
         JOIN purposes p ON p.site_id = c.site_id AND p.id = c.purpose_id
         LEFT JOIN records r ON r.id = CASE WHEN c.basis = 'imported' THEN c.request_id ELSE (
           SELECT id FROM records
            WHERE site_id = c.site_id AND subject_id = c.subject_id AND purpose_id = c.purpose_id
              AND request_id = c.request_id AND event = 'confirmed'
            LIMIT 1) END
        WHERE s.site_id = ?
          AND s.${indexColumn[kind]} IN (SELECT ${kind === 'email' ? packHexSql('value') : 'value'} FROM json_each(?))
          AND c.status = 'active' AND (c.expires_at IS NULL OR c.expires_at > ?)`,
    )
    .bind(purposeId, siteId, JSON.stringify(indexes), now);
  return readMany(statement, (row: ConsentStateRow & { contact_index: string }) => row);
}

export interface SubjectConsentRow {
  purpose_id: string;
  status: 'active' | 'withdrawn' | 'expired';
  wording_version: string;
  request_id: string;
  confirmed_at: string;
  expires_at: string | null;
  updated_at: string;
}

export function subjectConsentsRead(
  db: D1Database,
  siteId: string | SqlValue,
  subjectId: string | SqlValue,
) {
  const person = ofPerson(siteId, subjectId);
  const statement = db
    .prepare(
      `SELECT purpose_id, status, ${wordingVersion('consents')}, request_id, confirmed_at, expires_at,
              ${updatedAt('consents')}
         FROM consents WHERE ${person.sql} ORDER BY purpose_id`,
    )
    .bind(...person.binds);
  return readMany(statement, (row: SubjectConsentRow) => row);
}

export function listSubjectConsents(db: D1Database, siteId: string, subjectId: string) {
  return readAlone(db, subjectConsentsRead(db, siteId, subjectId));
}

/** Holds while the subject has no active consent. */
export function noActiveConsent(siteId: string, subjectId: string): Guard {
  return {
    sql: `NOT EXISTS (SELECT 1 FROM consents
                       WHERE site_id = ? AND subject_id = ? AND status = 'active')`,
    binds: [siteId, subjectId],
  };
}

export interface DueConsent {
  site_id: string;
  subject_id: string;
  purpose_id: string;
  wording_version: string;
}

/** Active consents whose lifetime has ended (C9). */
export async function listDueConsents(db: D1Database, now: string, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT site_id, subject_id, purpose_id, ${wordingVersion('consents')} FROM consents
        WHERE status = 'active' AND expires_at IS NOT NULL AND expires_at <= ? LIMIT ?`,
    )
    .bind(now, limit)
    .all<DueConsent>();
  return results;
}

/** Expires one consent, if it is still active; `expiredAt` marks this run for the record guard. */
export function expireConsent(db: D1Database, consent: DueConsent, expiredAt: string) {
  return db
    .prepare(
      `UPDATE consents SET status = 'expired', updated_at = ?
        WHERE site_id = ? AND subject_id = ? AND purpose_id = ? AND status = 'active'`,
    )
    .bind(expiredAt, consent.site_id, consent.subject_id, consent.purpose_id);
}

export function expiredInRun(consent: DueConsent, expiredAt: string): Guard {
  return {
    sql: `EXISTS (SELECT 1 FROM consents WHERE site_id = ? AND subject_id = ? AND purpose_id = ?
                    AND status = 'expired' AND updated_at = ?)`,
    binds: [consent.site_id, consent.subject_id, consent.purpose_id, expiredAt],
  };
}

/**
 * Deletes a subject (and, by cascade, its consents and requests) and the messages sent to it,
 * for a request or not (a preference link's), when nothing it agreed to is still active and no
 * request is pending: the contact data was held only for what has ended.
 */
export function deleteSubjectIfUnneeded(db: D1Database, subjectId: string) {
  const unneeded = `NOT EXISTS (SELECT 1 FROM consents WHERE subject_id = ?1 AND status = 'active')
     AND NOT EXISTS (SELECT 1 FROM consent_requests
                      WHERE subject_id = ?1 AND status = 'pending' AND superseded_by IS NULL)`;
  return [
    db
      .prepare(
        `DELETE FROM outbox
          WHERE (subject_id = ?1 OR request_id IN (SELECT id FROM consent_requests WHERE subject_id = ?1))
            AND ${unneeded}`,
      )
      .bind(subjectId),
    db.prepare(`DELETE FROM subjects WHERE id = ?1 AND ${unneeded}`).bind(subjectId),
  ];
}

/** Withdraws one purpose, if it is active; `at` marks this withdrawal for the record guard (R1). */
export function withdrawConsent(
  db: D1Database,
  consent: { siteId: string; subjectId: string; purposeId: string },
  at: string,
) {
  return db
    .prepare(
      `UPDATE consents SET status = 'withdrawn', updated_at = ?
        WHERE site_id = ? AND subject_id = ? AND purpose_id = ? AND status = 'active'`,
    )
    .bind(at, consent.siteId, consent.subjectId, consent.purposeId);
}

export function withdrawnAt(
  consent: { siteId: string; subjectId: string; purposeId: string },
  at: string,
): Guard {
  return {
    sql: `EXISTS (SELECT 1 FROM consents WHERE site_id = ? AND subject_id = ? AND purpose_id = ?
                    AND status = 'withdrawn' AND updated_at = ?)`,
    binds: [consent.siteId, consent.subjectId, consent.purposeId, at],
  };
}

/** Keeps the hash of a consent's unsubscribe token, the first time it is handed out. */
export function rememberUnsubscribeHash(
  db: D1Database,
  consent: { siteId: string; subjectId: string; purposeId: string },
  hash: string,
) {
  return db
    .prepare(
      `UPDATE consents SET unsubscribe_hash = ?
        WHERE site_id = ? AND subject_id = ? AND purpose_id = ? AND unsubscribe_hash IS NULL`,
    )
    .bind(packedHex(hash), consent.siteId, consent.subjectId, consent.purposeId);
}

export interface UnsubscribeTarget {
  site_id: string;
  subject_id: string;
  purpose_id: string;
  status: 'active' | 'withdrawn' | 'expired';
  wording_version: string;
}

export function consentByUnsubscribeHashRead(db: D1Database, hash: string) {
  const statement = db
    .prepare(
      `SELECT site_id, subject_id, purpose_id, status, ${wordingVersion('consents')} FROM consents
        WHERE unsubscribe_hash = ?`,
    )
    .bind(packedHex(hash));
  return readOne(statement, (row: UnsubscribeTarget) => row);
}

/** A column of the consent an unsubscribe token names, for reads made together with it. */
export const ofUnsubscribeTarget = (
  column: 'site_id' | 'subject_id' | 'wording_version',
  hash: string,
): SqlValue => ({
  sql: `(SELECT ${column === 'wording_version' ? unpackHexSql(column) : column}
           FROM consents WHERE unsubscribe_hash = ?)`,
  binds: [packedHex(hash)],
});

export type ExportConsentRow = SubjectConsentRow & {
  subject_id: string;
  record_id: string | null;
  record_hash: string | null;
};

/**
 * Every consent of a page of subjects, each with the `confirmed` record of the request that made
 * it active (its id and hash): one query for the page (M2).
 */
export async function listConsentsOfSubjects(db: D1Database, siteId: string, subjectIds: string[]) {
  if (subjectIds.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT c.subject_id, c.purpose_id, c.status, ${wordingVersion('c')}, c.request_id,
              c.confirmed_at, c.expires_at, ${updatedAt('c')}, r.id AS record_id,
              ${unpackHexSql('r.hash')} AS record_hash
         FROM consents c
         LEFT JOIN records r ON r.id = (
           SELECT id FROM records
            WHERE site_id = c.site_id AND subject_id = c.subject_id AND purpose_id = c.purpose_id
              AND request_id = c.request_id AND event = 'confirmed'
            LIMIT 1)
        WHERE c.site_id = ? AND c.subject_id IN (SELECT value FROM json_each(?))
        ORDER BY c.subject_id, c.purpose_id`,
    )
    .bind(siteId, JSON.stringify(subjectIds))
    .all<ExportConsentRow>();
  return results;
}

/** The consents (any status) of a site's subjects with these email indexes, for an import. */
export function consentsByEmailIndexesRead(db: D1Database, siteId: string, indexesJson: string) {
  const statement = db
    .prepare(
      `SELECT ${unpackHexSql('s.email_index')} AS email_index, c.purpose_id FROM json_each(?2) j
         CROSS JOIN subjects s ON s.site_id = ?1 AND s.email_index = ${packHexSql('j.value')}
         CROSS JOIN consents c ON c.site_id = s.site_id AND c.subject_id = s.id`,
    )
    .bind(siteId, indexesJson);
  return readMany(statement, (row: { email_index: string; purpose_id: string }) => row);
}

/**
 * M1: an imported consent for each `imported` record of the list (JSON: id, expiresAt,
 * confirmedAt) that the same batch wrote: no record, no consent, so a row is whole or absent.
 */
export function insertImportedConsents(
  db: D1Database,
  siteId: string,
  consentsJson: string,
  now: string,
) {
  return db
    .prepare(
      `INSERT INTO consents
         (site_id, subject_id, purpose_id, status, wording_version, request_id, confirmed_at,
          updated_at, expires_at, basis, imported_confirmed_at)
       SELECT r.site_id, r.subject_id, r.purpose_id, 'active', r.wording_version, r.id, ?2, '',
              json_extract(j.value, '$.expiresAt'), 'imported', json_extract(j.value, '$.confirmedAt')
         FROM json_each(?3) j
         CROSS JOIN records r ON r.id = json_extract(j.value, '$.id') AND r.site_id = ?1
        WHERE r.event = 'imported'
       ON CONFLICT (site_id, subject_id, purpose_id) DO NOTHING`,
    )
    .bind(siteId, now, consentsJson);
}
