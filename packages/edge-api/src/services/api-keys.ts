import {
  type AdminEventList,
  type ApiKey,
  type ApiKeyCreated,
  type KeyMode,
  type Result,
  sha256Hex,
  signetError,
} from '@signet/sdk';
import { newId } from '../crypto/tokens.js';
import { listAdminEvents } from '../store/admin-events.js';
import { type ApiKeyRow, insertApiKey, listApiKeys, revokeApiKey } from '../store/api-keys.js';
import { withShardTag } from '../store/shards.js';

const toKey = (row: ApiKeyRow): ApiKey => ({
  id: row.id,
  label: row.label,
  mode: row.test === 1 ? 'test' : 'live',
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
});

function randomKey(mode: KeyMode) {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `sk_${mode}_${btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '')}`;
}

export async function keysOf(db: D1Database, siteId: string): Promise<ApiKey[]> {
  return (await listApiKeys(db, siteId)).map(toKey);
}

/**
 * A new key: 256 random bits, shown in this answer only; the table keeps its SHA-256 (S5). A test
 * key (`sk_test_…`) is told apart by its row, never by its prefix alone.
 */
export async function createKey(
  db: D1Database,
  siteId: string,
  input: { label: string; mode: KeyMode },
  now: Date,
): Promise<ApiKeyCreated> {
  const key = randomKey(input.mode);
  const row = { id: `key_${newId()}`, siteId, label: input.label, createdAt: now.toISOString() };
  const test = input.mode === 'test';
  await insertApiKey(db, { ...row, test, keyHash: await sha256Hex(key) }).run();
  return { ...row, mode: input.mode, revokedAt: null, key: withShardTag(db, key) };
}

/** Revokes a key at once; the site's last active key stays, or nobody could administer it. */
export async function revokeKey(
  db: D1Database,
  siteId: string,
  id: string,
  now: Date,
): Promise<Result<ApiKey>> {
  const result = await revokeApiKey(db, siteId, id, now.toISOString()).run();
  const key = (await listApiKeys(db, siteId)).find((row) => row.id === id);
  if (!key) return { ok: false, error: signetError('not_found', `No key "${id}"`, 'id') };
  if (result.meta.changes === 0 && key.revoked_at === null) {
    const message = 'This is the site’s last active live key: create another before revoking it';
    return { ok: false, error: signetError('conflict', message, 'id') };
  }
  return { ok: true, value: toKey(key) };
}

export async function adminEventsOf(
  db: D1Database,
  siteId: string,
  query: { before?: string; limit: number },
): Promise<AdminEventList> {
  const rows = await listAdminEvents(db, siteId, {
    before: query.before ?? null,
    limit: query.limit,
  });
  return {
    events: rows.map((row) => ({
      id: row.id,
      keyId: row.key_id,
      sessionId: row.session_id,
      action: row.action,
      target: row.target,
      status: row.status,
      at: row.created_at,
    })),
    next: rows.length === query.limit ? (rows.at(-1)?.created_at ?? null) : null,
  };
}
