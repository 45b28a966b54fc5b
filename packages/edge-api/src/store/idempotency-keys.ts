import type { Guard } from './guard.js';
import { packedHex } from './packed-cells.js';
import { readOne } from './reads.js';

/** The fingerprint of the request that used a key first (by its keyed hash); null finds nothing. */
export function idempotencyKeyRead(db: D1Database, siteId: string, keyHash: string | null) {
  const statement = db
    .prepare('SELECT fingerprint FROM idempotency_keys WHERE site_id = ? AND key = ?')
    .bind(siteId, keyHash);
  return readOne(statement, (row: { fingerprint: string }) => row);
}

/**
 * Fails the whole batch (UNIQUE) when a concurrent request already used the key; written only
 * under `guard`, so a refused request leaves its key free for the retry. The row names the
 * subject of the address as the batch left it (none when it wrote none), for an erasure (R4).
 */
export function insertIdempotencyKey(
  db: D1Database,
  entry: {
    siteId: string;
    keyHash: string;
    fingerprint: string;
    emailIndex: string;
    createdAt: string;
  },
  guard: Guard,
) {
  return db
    .prepare(
      `INSERT INTO idempotency_keys (site_id, key, fingerprint, subject_id, created_at)
       SELECT ?, ?, ?, (SELECT id FROM subjects WHERE site_id = ? AND email_index = ?), ?
        WHERE ${guard.sql}`,
    )
    .bind(
      entry.siteId,
      entry.keyHash,
      entry.fingerprint,
      entry.siteId,
      packedHex(entry.emailIndex),
      entry.createdAt,
      ...guard.binds,
    );
}

export function isIdempotencyKeyClash(error: unknown): boolean {
  return String(error).includes('idempotency_keys');
}

export function deleteIdempotencyKeysBefore(db: D1Database, before: string) {
  return db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?').bind(before);
}

/** M1: the fingerprint and report of the import call that used a key first (by its keyed hash). */
export function importCallRead(db: D1Database, siteId: string, keyHash: string) {
  const statement = db
    .prepare('SELECT fingerprint, response FROM idempotency_keys WHERE site_id = ? AND key = ?')
    .bind(siteId, keyHash);
  return readOne(statement, (row: { fingerprint: string; response: string | null }) => row);
}

/**
 * M1: an import call's key with its report. With `recordIds` (a JSON list), written only if every
 * one of those records is there once the batch has run: a call that lost rows to another writer
 * meanwhile sorts them again and keeps its key with the report that says so. A second call with
 * the key fails the whole batch (UNIQUE), so it writes nothing and answers the first one's report.
 */
export function insertImportCall(
  db: D1Database,
  entry: {
    siteId: string;
    keyHash: string;
    fingerprint: string;
    response: string;
    createdAt: string;
  },
  recordIds: string | null,
) {
  return db
    .prepare(
      `INSERT INTO idempotency_keys (site_id, key, fingerprint, created_at, response)
       SELECT ?1, ?2, ?3, ?4, ?5
        WHERE ?6 IS NULL
           OR (SELECT COUNT(*) FROM json_each(?6) j CROSS JOIN records r ON r.id = j.value)
              = json_array_length(?6)`,
    )
    .bind(
      entry.siteId,
      entry.keyHash,
      entry.fingerprint,
      entry.createdAt,
      entry.response,
      recordIds,
    );
}
