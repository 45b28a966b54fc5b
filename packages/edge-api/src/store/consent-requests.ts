import type { Locale } from '@signet/sdk';
import type { Guard } from './guard.js';
import { packedHex, unpackHexSql } from './packed-cells.js';
import { asSql, readOne, type SqlValue } from './reads.js';
import { subjectIdByIndex } from './subjects.js';

export interface RequestedPurpose {
  id: string;
  wordingVersion: string;
}

export interface NewConsentRequest {
  id: string;
  siteId: string;
  emailIndex: string;
  tokenHash: string;
  purposes: RequestedPurpose[];
  /** The number an SMS part confirms: sealed under the subject's key, and its blind index. */
  phone: { sealed: string; index: string } | null;
  /** The shop's own id for the request, sealed under the subject's key like the number. */
  referenceSealed: string | null;
  locale: Locale;
  pageUrl: string;
  createdAt: string;
  expiresAt: string;
}

export interface ConsentRequestRow {
  id: string;
  site_id: string;
  subject_id: string;
  token_hash: string;
  purposes: string;
  locale: Locale;
  page_url: string;
  phone_index: string | null;
  status: 'pending' | 'confirmed';
  /** The sibling request whose confirmation settled this one (decision 0008). */
  superseded_by: string | null;
  created_at: string;
  expires_at: string;
  confirmed_at: string | null;
}

/** A request's columns, its token hash (packed, packed-cells.ts) read back as hex: for `*`. */
const requestColumns = `id, site_id, subject_id, ${unpackHexSql('token_hash')} AS token_hash, purposes,
  locale, page_url, status, confirm_nonce, created_at, expires_at, confirmed_at, purpose_key, phone,
  phone_index, phone_sealed, superseded_by, reference_sealed`;

/** The same set of purposes gives the same key, whatever the order they were listed in. */
export function purposeKey(purposes: RequestedPurpose[]): string {
  return purposes
    .map((purpose) => purpose.id)
    .sort()
    .join(',');
}

export function insertConsentRequest(db: D1Database, request: NewConsentRequest, guard: Guard) {
  const subject = subjectIdByIndex(request.siteId, request.emailIndex);
  return db
    .prepare(
      `INSERT INTO consent_requests
         (id, site_id, subject_id, token_hash, purposes, purpose_key, phone_sealed, phone_index,
          reference_sealed, locale, page_url, status, created_at, expires_at)
       SELECT ?, ?, ${subject.sql}, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ? WHERE ${guard.sql}`,
    )
    .bind(
      request.id,
      request.siteId,
      ...subject.binds,
      packedHex(request.tokenHash),
      JSON.stringify(request.purposes.map((purpose) => [purpose.id, purpose.wordingVersion])),
      purposeKey(request.purposes),
      request.phone?.sealed ?? null,
      request.phone?.index ?? null,
      request.referenceSealed,
      request.locale,
      request.pageUrl,
      request.createdAt,
      request.expiresAt,
      ...guard.binds,
    );
}

/** When a purpose's consent lapses (C9), as the confirmation needs it. */
export interface PurposeLifetime {
  id: string;
  ends_at: string | null;
  lifetime_days: number | null;
}

/**
 * The request a token names with what its confirm page and confirmation need besides the site,
 * in one statement (issue 23): the texts of the wording versions it was made with, and when each
 * of the site's purposes lapses.
 */
export function requestForConfirmationRead(db: D1Database, tokenHash: string) {
  const statement = db
    .prepare(
      `SELECT ${requestColumns},
              (SELECT json_group_object(w.version, w.canonical_text) FROM wordings w
                WHERE w.site_id = r.site_id
                  AND w.version IN (SELECT COALESCE(json_extract(value, '$[1]'),
                                                    json_extract(value, '$.wordingVersion'))
                                      FROM json_each(r.purposes))) AS wording_texts,
              (SELECT json_group_array(json_object('id', p.id, 'ends_at', p.ends_at,
                                                   'lifetime_days', p.lifetime_days))
                 FROM purposes p WHERE p.site_id = r.site_id) AS purpose_lifetimes,
              (SELECT json_array(${unpackHexSql('s.email_index')}, ${unpackHexSql('s.phone_index')})
                 FROM subjects s WHERE s.id = r.subject_id) AS subject_contact,
              EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.site_id = r.site_id) AS has_webhooks
         FROM consent_requests r WHERE r.token_hash = ?`,
    )
    .bind(packedHex(tokenHash));
  type Row = ConsentRequestRow & {
    wording_texts: string | null;
    purpose_lifetimes: string;
    subject_contact: string | null;
    has_webhooks: number;
  };
  return readOne(
    statement,
    ({ wording_texts, purpose_lifetimes, subject_contact, has_webhooks, ...request }: Row) => {
      const contact = subject_contact
        ? (JSON.parse(subject_contact) as [string, string | null])
        : null;
      return {
        request: request as ConsentRequestRow,
        texts: new Map(Object.entries(JSON.parse(wording_texts ?? '{}') as Record<string, string>)),
        lifetimes: JSON.parse(purpose_lifetimes) as PurposeLifetime[],
        /** The subject's contact hashes as its records take them (`insertRecordForSubject`). */
        contact: contact && { emailIndex: contact[0], phoneIndex: contact[1] },
        /** Whether the site has webhook endpoints, whose events a confirmation queues. */
        hasWebhooks: has_webhooks === 1,
      };
    },
  );
}

/** The site of the request a token names, for reads made together with the request's own. */
export const siteOfRequest = (tokenHash: string): SqlValue => ({
  sql: '(SELECT site_id FROM consent_requests WHERE token_hash = ?)',
  binds: [packedHex(tokenHash)],
});

/**
 * A request's purposes, stored as `[[id, wordingVersion], …]` since migration 0032 (issue 23:
 * no key names repeated in every request); rows written before hold `[{id, wordingVersion}, …]`.
 */
export function requestedPurposes(row: Pick<ConsentRequestRow, 'purposes'>): RequestedPurpose[] {
  const stored = JSON.parse(row.purposes) as (RequestedPurpose | [string, string])[];
  return stored.map((purpose) =>
    Array.isArray(purpose) ? { id: purpose[0], wordingVersion: purpose[1] } : purpose,
  );
}

/**
 * A request with a number can be confirmed only if the number can become its subject's: no other
 * subject of the site holds it, and the subject holds no other one. A number confirmed by its
 * holder never replaces the number another person confirmed (C5).
 */
const numberFits = `(consent_requests.phone_index IS NULL OR (
    NOT EXISTS (SELECT 1 FROM subjects other
                 WHERE other.site_id = consent_requests.site_id
                   AND other.phone_index = consent_requests.phone_index
                   AND other.id <> consent_requests.subject_id)
    AND COALESCE((SELECT own.phone_index FROM subjects own WHERE own.id = consent_requests.subject_id),
                 consent_requests.phone_index) = consent_requests.phone_index))`;

/**
 * Claims a pending, unexpired request for confirmation. Only one caller can win: it sets a nonce
 * that the statements after it in the same batch require, so a second claim writes nothing.
 *
 * The same statement settles the request's siblings (the same address and purposes, still
 * pending): their links answer "already confirmed" instead of confirming again (C7), and they
 * are no longer waiting for anything (decision 0008). Since issue 23 one statement instead of
 * two; SQLite finds every row a WHERE with a subquery of its own table picks before it changes
 * any, so the claim of the request does not hide it from its siblings' condition. At least one
 * row changed means the request was claimed.
 */
export function claimForConfirmation(
  db: D1Database,
  requestId: string,
  nonce: string,
  now: string,
) {
  const claimable = `EXISTS (SELECT 1 FROM consent_requests t
     WHERE t.id = ?3 AND t.status = 'pending' AND t.superseded_by IS NULL AND t.expires_at > ?1
       AND ${numberFits.replaceAll('consent_requests.', 't.')})`;
  return db
    .prepare(
      `UPDATE consent_requests SET
         status = CASE WHEN id = ?3 THEN 'confirmed' ELSE status END,
         confirmed_at = CASE WHEN id = ?3 THEN ?1 ELSE confirmed_at END,
         confirm_nonce = CASE WHEN id = ?3 THEN ?2 ELSE confirm_nonce END,
         superseded_by = CASE WHEN id = ?3 THEN NULL ELSE ?3 END
        WHERE status = 'pending' AND superseded_by IS NULL
          AND (site_id, subject_id, purpose_key) =
              (SELECT site_id, subject_id, purpose_key FROM consent_requests WHERE id = ?3)
          AND ${claimable}`,
    )
    .bind(now, nonce, requestId);
}

export function claimedBy(requestId: string, nonce: string): Guard {
  return {
    sql: 'EXISTS (SELECT 1 FROM consent_requests WHERE id = ? AND confirm_nonce = ?)',
    binds: [requestId, nonce],
  };
}

/** Moves the confirmed number (sealed, and its index) to the subject and drops it from the request. */
export function movePhoneToSubject(db: D1Database, requestId: string, guard: Guard) {
  return [
    db
      .prepare(
        `UPDATE subjects SET
           phone_sealed = (SELECT phone_sealed FROM consent_requests WHERE id = ?),
           phone_index = (SELECT phone_index FROM consent_requests WHERE id = ?)
         WHERE id = (SELECT subject_id FROM consent_requests WHERE id = ?)
           AND (SELECT phone_index FROM consent_requests WHERE id = ?) IS NOT NULL AND ${guard.sql}`,
      )
      .bind(requestId, requestId, requestId, requestId, ...guard.binds),
    db
      .prepare(
        `UPDATE consent_requests SET phone_sealed = NULL, phone_index = NULL
          WHERE id = ? AND ${guard.sql}`,
      )
      .bind(requestId, ...guard.binds),
  ];
}

export interface StaleRequest {
  id: string;
  site_id: string;
  subject_id: string;
}

/**
 * Unconfirmed requests older than their site's retention (C8); a test key's go with their person
 * in the test purge instead, uncounted (decision 0011).
 */
export async function listStaleRequests(db: D1Database, now: Date, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT r.id, r.site_id, r.subject_id FROM consent_requests r JOIN sites s ON s.id = r.site_id
        WHERE r.status = 'pending'
          AND NOT EXISTS (SELECT 1 FROM subjects t WHERE t.id = r.subject_id AND t.test = 1)
          AND r.created_at < strftime('%Y-%m-%dT%H:%M:%fZ', ?, '-' || s.unconfirmed_retention_days || ' days')
        LIMIT ?`,
    )
    .bind(now.toISOString(), limit)
    .all<StaleRequest>();
  return results;
}

/** Deletes a request only while it is still unconfirmed: a confirmation may have just won. */
export function deleteRequest(db: D1Database, id: string) {
  return db.prepare("DELETE FROM consent_requests WHERE id = ? AND status = 'pending'").bind(id);
}

/** Requests from before migration 0006 whose number is still in clear. */
export async function listUnsealedPhones(db: D1Database, limit: number) {
  const { results } = await db
    .prepare('SELECT id, subject_id, phone FROM consent_requests WHERE phone IS NOT NULL LIMIT ?')
    .bind(limit)
    .all<{ id: string; subject_id: string; phone: string }>();
  return results;
}

export function sealRequestPhone(db: D1Database, id: string, phoneSealed: string) {
  return db
    .prepare('UPDATE consent_requests SET phone_sealed = ?, phone = NULL WHERE id = ?')
    .bind(phoneSealed, id);
}

/** The subject's pending requests: what it was asked for and has not confirmed yet. */
export async function listPendingRequestsOfSubject(db: D1Database, subjectId: string, now: string) {
  const { results } = await db
    .prepare(
      `SELECT ${requestColumns} FROM consent_requests WHERE subject_id = ? AND status = 'pending'
          AND superseded_by IS NULL AND expires_at > ? ORDER BY created_at`,
    )
    .bind(subjectId, now)
    .all<ConsentRequestRow>();
  return results;
}

/** How many requests of the subject wait for its confirmation, read with other reads. */
export function pendingRequestCountRead(db: D1Database, subjectId: string | SqlValue, now: string) {
  const subject = asSql(subjectId);
  const statement = db
    .prepare(
      `SELECT COUNT(*) AS n FROM consent_requests
        WHERE subject_id = ${subject.sql} AND status = 'pending' AND superseded_by IS NULL
          AND expires_at > ?`,
    )
    .bind(...subject.binds, now);
  return readOne(statement, (row: { n: number }) => row.n);
}

/** Holds while the subject has no request waiting for its confirmation. */
export function noPendingRequest(subjectId: string, now: string): Guard {
  return {
    sql: `NOT EXISTS (SELECT 1 FROM consent_requests
                       WHERE subject_id = ? AND status = 'pending' AND superseded_by IS NULL
                         AND expires_at > ?)`,
    binds: [subjectId, now],
  };
}

/** Whose a request is (site and subject), whatever its state: what a receipt token names. */
export function findRequestOwner(db: D1Database, requestId: string) {
  return db
    .prepare('SELECT site_id, subject_id, locale FROM consent_requests WHERE id = ?')
    .bind(requestId)
    .first<{ site_id: string; subject_id: string; locale: Locale }>();
}

/** The sealed references of those of the requests that carry one, with whose key sealed them. */
export async function listReferencesSealed(db: D1Database, siteId: string, requestIds: string[]) {
  if (requestIds.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT id, subject_id, reference_sealed FROM consent_requests
        WHERE site_id = ?1 AND reference_sealed IS NOT NULL
          AND id IN (SELECT value FROM json_each(?2))`,
    )
    .bind(siteId, JSON.stringify(requestIds))
    .all<{ id: string; subject_id: string; reference_sealed: string }>();
  return results;
}

/**
 * The sealed reference of the request a consent event is about: the event's own request, or for
 * a withdrawal or expiry (which have none) the request that confirmed the consent.
 */
export async function findReferenceSealed(
  db: D1Database,
  event: { siteId: string; subjectId: string; purposeId: string; requestId: string | null },
) {
  const row = await db
    .prepare(
      `SELECT reference_sealed FROM consent_requests
        WHERE site_id = ?1 AND subject_id = ?2 AND id = COALESCE(?4,
          (SELECT request_id FROM consents WHERE site_id = ?1 AND subject_id = ?2 AND purpose_id = ?3))`,
    )
    .bind(event.siteId, event.subjectId, event.purposeId, event.requestId)
    .first<{ reference_sealed: string | null }>();
  return row?.reference_sealed ?? null;
}
