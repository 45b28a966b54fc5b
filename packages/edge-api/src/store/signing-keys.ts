/**
 * Which key signed first when: a registry for the operator and the guard against a kid being
 * reused for another key. The JWKS itself comes from configuration (crypto/signer.ts).
 */
export function rememberSigningKey(db: D1Database, kid: string, publicJwk: unknown, now: string) {
  return db
    .prepare('INSERT OR IGNORE INTO signing_keys (kid, public_jwk, first_used_at) VALUES (?, ?, ?)')
    .bind(kid, JSON.stringify(publicJwk), now);
}
