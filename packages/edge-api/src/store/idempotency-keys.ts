import type { Guard } from './guard.js';
import { readOne } from './reads.js';

/** The fingerprint of the request that used a key first; no key (null) finds nothing. */
export function idempotencyKeyRead(db: D1Database, siteId: string, key: string | null) {
  const statement = db
    .prepare('SELECT fingerprint FROM idempotency_keys WHERE site_id = ? AND key = ?')
    .bind(siteId, key);
  return readOne(statement, (row: { fingerprint: string }) => row);
}

/**
 * Fails the whole batch (UNIQUE) when a concurrent request already used the key; written only
 * under `guard`, so a refused request leaves its key free for the retry.
 */
export function insertIdempotencyKey(
  db: D1Database,
  entry: { siteId: string; key: string; fingerprint: string; createdAt: string },
  guard: Guard,
) {
  return db
    .prepare(
      `INSERT INTO idempotency_keys (site_id, key, fingerprint, created_at)
       SELECT ?, ?, ?, ? WHERE ${guard.sql}`,
    )
    .bind(entry.siteId, entry.key, entry.fingerprint, entry.createdAt, ...guard.binds);
}

export function isIdempotencyKeyClash(error: unknown): boolean {
  return String(error).includes('idempotency_keys');
}

export function deleteIdempotencyKeysBefore(db: D1Database, before: string) {
  return db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').bind(before);
}
