import { type ImportReport, type Result, signetError } from '@signet/sdk';
import { idempotencyKeyHash } from '../crypto/blind-index.js';
import { hmacHex } from '../crypto/digest.js';
import type { Env } from '../env.js';
import { importCallRead, insertImportCall } from '../store/idempotency-keys.js';
import { readTogether } from '../store/reads.js';
import { checkIdempotency } from './request-admission.js';

/** What an import call used first with a key left: its fingerprint, and its report. */
type StoredCall = { fingerprint: string; response: string | null };

/** An import call's Idempotency-Key as stored (keyed hash), the call's keyed fingerprint. */
export interface ImportKey {
  siteId: string;
  keyHash: string;
  fingerprint: string;
  /** The call that used the key first, if any. */
  seen: StoredCall | null;
}

/**
 * M1: the key of an import call and what used it first; null without a key, and for a dry run,
 * which writes nothing (its key included).
 */
export async function importKeyOf(
  env: Env,
  siteId: string,
  call: {
    idempotencyKey: string | null;
    dryRun: boolean;
    format: string;
    kind: string;
    purpose: string | null;
    firstRow: number;
    body: string;
  },
): Promise<ImportKey | null> {
  if (call.idempotencyKey === null || call.dryRun) return null;
  // Keyed like a consent request's, under a label of its own: the two never share a key.
  const keyHash = await idempotencyKeyHash(env.INDEX_KEY, siteId, `import:${call.idempotencyKey}`);
  const what = JSON.stringify([call.format, call.kind, call.purpose, call.firstRow]);
  // Keyed: the body holds addresses, and a plain hash of it could be guessed back.
  const fingerprint = await hmacHex(env.INDEX_KEY, `idempotency:import:${what}\n${call.body}`);
  const [seen] = await readTogether(env.DB, [importCallRead(env.DB, siteId, keyHash)] as const);
  return { siteId, keyHash, fingerprint, seen };
}

/** The first call's report for the same call again; `idempotency_conflict` for another one. */
export function answerOf(key: ImportKey, stored: StoredCall): Result<ImportReport> {
  const same = checkIdempotency(stored, key.fingerprint);
  if (!same.ok) return same;
  if (stored.response === null) {
    const message = 'This Idempotency-Key was used for a request that is not an import';
    return { ok: false, error: signetError('idempotency_conflict', message, 'Idempotency-Key') };
  }
  return { ok: true, value: JSON.parse(stored.response) as ImportReport };
}

/** The answer of the call that stored the key while this one ran (it wrote nothing). */
export async function answerOfStored(db: D1Database, key: ImportKey) {
  const [stored] = await readTogether(db, [importCallRead(db, key.siteId, key.keyHash)] as const);
  if (!stored) throw new Error('the import call that used this key is not stored');
  return answerOf(key, stored);
}

/** The key with the call's report, in its batch (see {@link insertImportCall} for `recordIds`). */
export function storeImportKey(
  db: D1Database,
  key: ImportKey,
  report: ImportReport,
  at: string,
  recordIds: string | null,
) {
  const entry = {
    siteId: key.siteId,
    keyHash: key.keyHash,
    fingerprint: key.fingerprint,
    response: JSON.stringify(report),
    createdAt: at,
  };
  return insertImportCall(db, entry, recordIds);
}
