import type { Locale } from '@signet/sdk';
import { subjectIdByIndexSql } from './subjects.js';

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
  locale: Locale;
  pageUrl: string;
  createdAt: string;
  expiresAt: string;
}

export interface ConsentRequestRow {
  id: string;
  site_id: string;
  subject_id: string;
  purposes: string;
  locale: Locale;
  page_url: string;
  status: 'pending' | 'confirmed';
  created_at: string;
  expires_at: string;
  confirmed_at: string | null;
}

export function insertConsentRequest(db: D1Database, request: NewConsentRequest) {
  return db
    .prepare(
      `INSERT INTO consent_requests
         (id, site_id, subject_id, token_hash, purposes, locale, page_url, status, created_at, expires_at)
       VALUES (?, ?, ${subjectIdByIndexSql}, ?, ?, ?, ?, 'pending', ?, ?)`,
    )
    .bind(
      request.id,
      request.siteId,
      request.siteId,
      request.emailIndex,
      request.tokenHash,
      JSON.stringify(request.purposes),
      request.locale,
      request.pageUrl,
      request.createdAt,
      request.expiresAt,
    );
}

export function findConsentRequestByTokenHash(db: D1Database, tokenHash: string) {
  return db
    .prepare('SELECT * FROM consent_requests WHERE token_hash = ?')
    .bind(tokenHash)
    .first<ConsentRequestRow>();
}

export function requestedPurposes(row: ConsentRequestRow): RequestedPurpose[] {
  return JSON.parse(row.purposes) as RequestedPurpose[];
}

/**
 * Claims a pending, unexpired request for confirmation. Only one caller can win: it sets a nonce
 * that the statements after it in the same batch require, so a second claim writes nothing.
 */
export function claimForConfirmation(
  db: D1Database,
  requestId: string,
  nonce: string,
  now: string,
) {
  return db
    .prepare(
      `UPDATE consent_requests SET status = 'confirmed', confirmed_at = ?, confirm_nonce = ?
        WHERE id = ? AND status = 'pending' AND expires_at > ?`,
    )
    .bind(now, nonce, requestId, now);
}
