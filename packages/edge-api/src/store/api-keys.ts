export interface ApiKeyRow {
  id: string;
  site_id: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
  /** 1 for a test key (decision 0011). */
  test: number;
}

/** The key (id, site, live or test) a hashed API key is, or null for an unknown or revoked key. */
export async function findKeyByHash(db: D1Database, keyHash: string) {
  const row = await db
    .prepare(
      'SELECT id, site_id, test FROM site_api_keys WHERE key_hash = ? AND revoked_at IS NULL',
    )
    .bind(keyHash)
    .first<{ id: string; site_id: string; test: number }>();
  return row ? { id: row.id, siteId: row.site_id, test: row.test === 1 } : null;
}

export async function listApiKeys(db: D1Database, siteId: string) {
  const { results } = await db
    .prepare(
      'SELECT id, site_id, label, created_at, revoked_at, test FROM site_api_keys WHERE site_id = ? ORDER BY created_at, id',
    )
    .bind(siteId)
    .all<ApiKeyRow>();
  return results;
}

export function insertApiKey(
  db: D1Database,
  key: {
    id: string;
    siteId: string;
    keyHash: string;
    label: string;
    createdAt: string;
    test: boolean;
  },
) {
  return db
    .prepare(
      'INSERT INTO site_api_keys (id, site_id, key_hash, label, created_at, test) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .bind(key.id, key.siteId, key.keyHash, key.label, key.createdAt, key.test ? 1 : 0);
}

/**
 * Revokes one key of the site, unless it is the site's last active live one (changes: 0 then): a
 * test key administers nothing, so it never counts as the one that keeps the site reachable.
 */
export function revokeApiKey(db: D1Database, siteId: string, id: string, at: string) {
  return db
    .prepare(
      `UPDATE site_api_keys SET revoked_at = ?
        WHERE site_id = ? AND id = ? AND revoked_at IS NULL
          AND (test = 1 OR (SELECT COUNT(*) FROM site_api_keys
                WHERE site_id = ? AND revoked_at IS NULL AND test = 0) > 1)`,
    )
    .bind(at, siteId, id, siteId);
}
