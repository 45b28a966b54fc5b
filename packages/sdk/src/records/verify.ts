import * as v from 'valibot';
import {
  Ed25519JwkSchema,
  genesisHash,
  type Jwks,
  type SignedCheckpoint,
  SignedCheckpointSchema,
  type SignedExcerpt,
  SignedExcerptSchema,
  type SignedRecord,
  SignedRecordSchema,
} from '../contract/records.js';
import { fromBase64url } from './base64url.js';
import { recordHash, type SignedKind, signingInput } from './signing-input.js';

export type Verdict = { ok: true } | { ok: false; reason: string; index?: number };

const fail = (reason: string, index?: number): Verdict =>
  index === undefined ? { ok: false, reason } : { ok: false, reason, index };

export async function verifySignature(
  kind: SignedKind,
  kid: string,
  payload: unknown,
  sig: string,
  jwks: Jwks,
): Promise<Verdict> {
  const jwk = jwks.keys.find((key) => key.kid === kid);
  if (!jwk) return fail(`no public key "${kid}" in the JWKS`);
  const parsedKey = v.safeParse(Ed25519JwkSchema, jwk);
  if (!parsedKey.success) return fail(`key "${kid}" is not an Ed25519 public key`);
  const signature = fromBase64url(sig);
  if (signature?.length !== 64) return fail('the signature is not 64 bytes of base64url');
  const { kty, crv, x } = parsedKey.output;
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('jwk', { kty, crv, x }, { name: 'Ed25519' }, false, [
      'verify',
    ]);
  } catch {
    return fail(`key "${kid}" cannot be imported`);
  }
  const data = new TextEncoder().encode(signingInput(kind, kid, payload));
  const valid = await crypto.subtle.verify('Ed25519', key, signature as BufferSource, data);
  return valid ? { ok: true } : fail('the signature does not match');
}

/**
 * Checks one signed record offline (P2): its shape, that `hash` is the SHA-256 of its canonical
 * JSON, and its Ed25519 signature against the JWKS. Runs in Node, browsers, Workers, Deno, Bun.
 */
export async function verifyRecord(signed: unknown, jwks: Jwks): Promise<Verdict> {
  const parsed = v.safeParse(SignedRecordSchema, signed);
  if (!parsed.success) return fail(`not a signed record: ${v.summarize(parsed.issues)}`);
  const { record, hash, kid, sig } = parsed.output;
  if ((await recordHash(record)) !== hash) return fail('the hash does not match the record');
  return verifySignature('signet-record', kid, record, sig, jwks);
}

export async function verifyCheckpoint(signed: unknown, jwks: Jwks): Promise<Verdict> {
  const parsed = v.safeParse(SignedCheckpointSchema, signed);
  if (!parsed.success) return fail(`not a signed checkpoint: ${v.summarize(parsed.issues)}`);
  const { checkpoint, kid, sig } = parsed.output;
  return verifySignature('signet-checkpoint', kid, checkpoint, sig, jwks);
}

/**
 * Checks a site's whole log against a signed checkpoint (P3): every record valid, numbered 1..n
 * without gaps, each linked to the hash of the one before, and the last one the checkpoint's
 * head. Deleting, reordering, inserting or altering a record makes it fail.
 */
export async function verifyLog(
  records: readonly unknown[],
  checkpoint: unknown,
  jwks: Jwks,
): Promise<Verdict> {
  const head = await verifyCheckpoint(checkpoint, jwks);
  if (!head.ok) return fail(`checkpoint: ${head.reason}`);
  const { checkpoint: body } = checkpoint as SignedCheckpoint;
  if (records.length !== body.seq) {
    return fail(`the checkpoint covers ${body.seq} records, ${records.length} were given`);
  }
  let previous = genesisHash;
  for (const [index, signed] of records.entries()) {
    const verdict = await verifyRecord(signed, jwks);
    if (!verdict.ok) return fail(`record ${index + 1}: ${verdict.reason}`, index);
    const { record, hash } = signed as SignedRecord;
    if (record.site !== body.site) return fail(`record ${index + 1} is of another site`, index);
    if (record.seq !== index + 1)
      return fail(`record ${index + 1} has number ${record.seq}`, index);
    if (record.prev !== previous)
      return fail(`record ${index + 1} does not link to the one before`, index);
    previous = hash;
  }
  if (previous !== body.head) return fail('the last record is not the checkpoint head');
  return { ok: true };
}

/**
 * Checks records that a receipt or an exhibit carries against the signed excerpt that came with
 * them (P6): the excerpt's signature, every record valid and of the excerpt's site, numbered at or
 * before its head, and the records exactly the excerpt's list (none missing, none added, none
 * twice). Nothing else of the log is needed, so a person can check their copy alone.
 */
export async function verifyExcerpt(
  records: readonly unknown[],
  excerpt: unknown,
  jwks: Jwks,
): Promise<Verdict> {
  const parsed = v.safeParse(SignedExcerptSchema, excerpt);
  if (!parsed.success) return fail(`not a signed excerpt: ${v.summarize(parsed.issues)}`);
  const { excerpt: body, kid, sig } = parsed.output;
  const signature = await verifySignature('signet-excerpt', kid, body, sig, jwks);
  if (!signature.ok) return fail(`excerpt: ${signature.reason}`);
  if (records.length === 0) return fail('no records were given');
  if (records.length !== body.records.length) {
    return fail(`the excerpt lists ${body.records.length} records, ${records.length} were given`);
  }
  const seen = new Set<string>();
  for (const [index, signed] of records.entries()) {
    const verdict = await verifyRecord(signed, jwks);
    if (!verdict.ok) return fail(`record ${index + 1}: ${verdict.reason}`, index);
    const { record, hash } = signed as SignedRecord;
    if (record.site !== body.site) return fail(`record ${index + 1} is of another site`, index);
    if (record.seq > body.seq) {
      return fail(`record ${index + 1} is after the excerpt's head (${body.seq})`, index);
    }
    if (body.records[index] !== hash || seen.has(hash)) {
      return fail(`record ${index + 1} is not the one the excerpt lists there`, index);
    }
    seen.add(hash);
  }
  return { ok: true };
}

/** The excerpt body for records under a log head: what a service signs as `signet-excerpt`. */
export function excerptBody(
  records: readonly SignedRecord[],
  head: { site: string; seq: number; hash: string },
  at: string,
): SignedExcerpt['excerpt'] {
  return {
    v: 1,
    site: head.site,
    seq: head.seq,
    head: head.hash,
    at,
    records: records.map((signed) => signed.hash),
  };
}

/** A record as a compact JWS, for third parties that verify JWS rather than Signet records. */
export function recordToJws(signed: SignedRecord): string {
  return `${signingInput('signet-record', signed.kid, signed.record)}.${signed.sig}`;
}
