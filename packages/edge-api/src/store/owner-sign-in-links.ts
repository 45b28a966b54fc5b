import type { Guard } from './guard.js';

export interface OwnerSignInLinkRow {
  token_hash: string;
  site_id: string;
  owner_email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** An address among the site's owners, as a condition in SQL. */
export function isOwnerOf(siteId: string, email: string): Guard {
  return {
    sql: `EXISTS (SELECT 1 FROM sites AS s, json_each(s.owner_emails) AS owner
                   WHERE s.id = ? AND owner.value = ?)`,
    binds: [siteId, email],
  };
}

/** Written only under `guard` (the address is an owner's and within its limits). */
export function insertOwnerSignInLink(
  db: D1Database,
  link: Omit<OwnerSignInLinkRow, 'used_at'>,
  guard: Guard,
) {
  return db
    .prepare(
      `INSERT INTO owner_sign_in_links (token_hash, site_id, owner_email, created_at, expires_at)
       SELECT ?, ?, ?, ?, ? WHERE ${guard.sql}`,
    )
    .bind(
      link.token_hash,
      link.site_id,
      link.owner_email,
      link.created_at,
      link.expires_at,
      ...guard.binds,
    );
}

/**
 * Uses a live link up, once: a second use of the same token finds nothing, and neither does a
 * link whose address is no longer among the site's owners.
 */
export function useOwnerSignInLink(db: D1Database, tokenHash: string, now: string) {
  return db
    .prepare(
      `UPDATE owner_sign_in_links SET used_at = ?1
        WHERE token_hash = ?2 AND used_at IS NULL AND expires_at > ?1
          AND EXISTS (SELECT 1 FROM sites AS s, json_each(s.owner_emails) AS owner
                       WHERE s.id = owner_sign_in_links.site_id
                         AND owner.value = owner_sign_in_links.owner_email)
        RETURNING *`,
    )
    .bind(now, tokenHash)
    .first<OwnerSignInLinkRow>();
}

export function deleteEndedOwnerSignInLinks(db: D1Database, now: string) {
  return db.prepare('DELETE FROM owner_sign_in_links WHERE expires_at <= ?').bind(now);
}
