/** Activates one purpose for the subject of a request claimed with `nonce` (see claimForConfirmation). */
export function activateConsent(
  db: D1Database,
  claim: { requestId: string; nonce: string },
  purpose: { id: string; wordingVersion: string },
  now: string,
) {
  return db
    .prepare(
      `INSERT INTO consents
         (site_id, subject_id, purpose_id, status, wording_version, request_id, confirmed_at, updated_at)
       SELECT site_id, subject_id, ?, 'active', ?, id, ?, ?
         FROM consent_requests WHERE id = ? AND confirm_nonce = ?
       ON CONFLICT (site_id, subject_id, purpose_id) DO UPDATE SET
         status = 'active', wording_version = excluded.wording_version,
         request_id = excluded.request_id, confirmed_at = excluded.confirmed_at,
         updated_at = excluded.updated_at`,
    )
    .bind(purpose.id, purpose.wordingVersion, now, now, claim.requestId, claim.nonce);
}

export interface ConsentStateRow {
  status: 'active' | 'withdrawn' | 'expired';
  confirmed_at: string;
  wording_version: string;
  record_id: string | null;
  record_event: string | null;
  record_at: string | null;
}

/** The state of one purpose for the subject with this index, and the newest record about it. */
export function findConsentState(
  db: D1Database,
  siteId: string,
  emailIndex: string,
  purposeId: string,
) {
  return db
    .prepare(
      `SELECT c.status, c.confirmed_at, c.wording_version,
              r.id AS record_id, r.event AS record_event, r.created_at AS record_at
         FROM subjects s
         JOIN consents c ON c.site_id = s.site_id AND c.subject_id = s.id AND c.purpose_id = ?
         LEFT JOIN records r ON r.id = (
           SELECT id FROM records
            WHERE site_id = c.site_id AND subject_id = c.subject_id AND purpose_id = c.purpose_id
            ORDER BY seq DESC LIMIT 1)
        WHERE s.site_id = ? AND s.email_index = ?`,
    )
    .bind(purposeId, siteId, emailIndex)
    .first<ConsentStateRow>();
}
