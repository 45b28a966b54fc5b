/** The site a (hashed) API key belongs to, or null for an unknown or revoked key. */
export async function findSiteIdByKeyHash(db: D1Database, keyHash: string) {
  const row = await db
    .prepare('SELECT site_id FROM site_api_keys WHERE key_hash = ? AND revoked_at IS NULL')
    .bind(keyHash)
    .first<{ site_id: string }>();
  return row?.site_id ?? null;
}
