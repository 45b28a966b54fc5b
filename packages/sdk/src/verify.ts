// `@signet/sdk/verify`: checking signed records and checkpoints offline, with the deployment's
// published keys. Nothing here needs the network except fetchJwks.
import * as v from 'valibot';
import { type Result, signetError } from './contract/errors.js';
import { type Jwks, JwksSchema } from './contract/records.js';

export type { Receipt, ReceiptEvent } from './contract/receipts.js';
export { ReceiptSchema, receiptEventStates } from './contract/receipts.js';
export type {
  ConsentRecord,
  Jwks,
  RecordEvent,
  SignedCheckpoint,
  SignedExcerpt,
  SignedRecord,
} from './contract/records.js';
export {
  ConsentRecordSchema,
  JwksSchema,
  SignedCheckpointSchema,
  SignedExcerptSchema,
  SignedRecordSchema,
} from './contract/records.js';
export { canonicalJson } from './records/canonical-json.js';
export { recordHash, sha256Hex, signingInput } from './records/signing-input.js';
export {
  excerptBody,
  recordToJws,
  type Verdict,
  verifyCheckpoint,
  verifyExcerpt,
  verifyLog,
  verifyRecord,
} from './records/verify.js';
export { verifyReceipt } from './records/verify-receipt.js';
export {
  ndjsonLines,
  type SiteExportFinding,
  verifySiteExport,
} from './records/verify-site-export.js';

/**
 * A JWKS from its JSON (a file, a string or a parsed object); keys that are not Ed25519 are kept
 * and ignored by the verifiers.
 */
export function parseJwks(json: unknown): Result<Jwks> {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      return { ok: false, error: signetError('invalid_input', 'The JWKS is not JSON') };
    }
  }
  const parsed = v.safeParse(JwksSchema, value);
  if (parsed.success) return { ok: true, value: parsed.output };
  return { ok: false, error: signetError('invalid_input', 'The JWKS has no "keys" array') };
}

/**
 * The deployment's public keys from `GET /.well-known/jwks.json`. Fetch them once and keep them:
 * a record stays verifiable with the key it was signed with, also after a rotation.
 */
export async function fetchJwks(
  endpoint: string,
  options: { fetch?: typeof fetch; signal?: AbortSignal } = {},
): Promise<Result<Jwks>> {
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const url = `${endpoint.replace(/\/+$/, '')}/.well-known/jwks.json`;
  try {
    const init: RequestInit = options.signal ? { signal: options.signal } : {};
    const response = await doFetch(url, init);
    if (!response.ok) {
      const message = `The JWKS answered HTTP ${response.status}`;
      return { ok: false, error: signetError('invalid_response', message) };
    }
    const jwks = parseJwks(await response.json().catch(() => null));
    if (jwks.ok) return jwks;
    return { ok: false, error: signetError('invalid_response', jwks.error.message) };
  } catch (cause) {
    return { ok: false, error: signetError('network', `Could not reach Signet: ${String(cause)}`) };
  }
}
