export function rememberSigningKey(db: D1Database, kid: string, publicJwk: unknown, now: string) {
  return db
    .prepare('INSERT OR IGNORE INTO signing_keys (kid, public_jwk, first_used_at) VALUES (?, ?, ?)')
    .bind(kid, JSON.stringify(publicJwk), now);
}

export async function listSigningKeys(db: D1Database) {
  const { results } = await db
    .prepare('SELECT public_jwk FROM signing_keys ORDER BY first_used_at')
    .all<{ public_jwk: string }>();
  return results.map((row) => JSON.parse(row.public_jwk) as { kid: string });
}
