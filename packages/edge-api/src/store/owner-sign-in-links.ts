export interface OwnerSignInLinkRow {
  token_hash: string;
  site_id: string;
  owner_email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export function insertOwnerSignInLink(db: D1Database, link: Omit<OwnerSignInLinkRow, 'used_at'>) {
  return db
    .prepare(
      `INSERT INTO owner_sign_in_links (token_hash, site_id, owner_email, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?)`,
    )
    .bind(link.token_hash, link.site_id, link.owner_email, link.created_at, link.expires_at);
}

/** Links sent to one owner since a moment: the per-address limit on sign-in mail. */
export async function countOwnerSignInLinksSince(
  db: D1Database,
  siteId: string,
  ownerEmail: string,
  since: string,
) {
  const row = await db
    .prepare(
      `SELECT COUNT(*) AS n FROM owner_sign_in_links
        WHERE site_id = ? AND owner_email = ? AND created_at > ?`,
    )
    .bind(siteId, ownerEmail, since)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Uses a live link up, once: a second use of the same token finds nothing. */
export function useOwnerSignInLink(db: D1Database, tokenHash: string, now: string) {
  return db
    .prepare(
      `UPDATE owner_sign_in_links SET used_at = ?1
        WHERE token_hash = ?2 AND used_at IS NULL AND expires_at > ?1
        RETURNING *`,
    )
    .bind(now, tokenHash)
    .first<OwnerSignInLinkRow>();
}

export function deleteEndedOwnerSignInLinks(db: D1Database, now: string) {
  return db.prepare('DELETE FROM owner_sign_in_links WHERE expires_at <= ?').bind(now);
}
