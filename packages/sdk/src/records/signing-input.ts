import { utf8ToBase64url } from './base64url.js';
import { canonicalJson } from './canonical-json.js';

export type SignedKind =
  | 'signet-record'
  | 'signet-checkpoint'
  | 'signet-excerpt'
  | 'signet-receipt';

/**
 * The bytes an Ed25519 signature covers: a JWS signing input (RFC 7515) of the canonical header
 * and the canonical payload. So every record is also a compact JWS: `input + "." + sig`.
 */
export function signingInput(kind: SignedKind, kid: string, payload: unknown): string {
  return signingInputOfCanonical(kind, kid, canonicalJson(payload));
}

/**
 * {@link signingInput} of a payload given as its canonical JSON (`canonicalJson(payload)`): a
 * signer that also hashes the payload (a record's hash is of the same text) serialises it once.
 */
function signingInputOfCanonical(kind: SignedKind, kid: string, canonical: string): string {
  const header = canonicalJson({ alg: 'EdDSA', kid, typ: kind });
  return `${utf8ToBase64url(header)}.${utf8ToBase64url(canonical)}`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The hash that links records: SHA-256 of the record's canonical JSON. */
export function recordHash(record: unknown): Promise<string> {
  return sha256Hex(canonicalJson(record));
}

/**
 * A record's {@link recordHash} and its {@link signingInput} as `kid` signs it, from one
 * serialisation: a sequencer needs both for every record it seals.
 */
export async function recordHashAndSigningInput(kid: string, record: unknown) {
  const canonical = canonicalJson(record);
  return {
    hash: await sha256Hex(canonical),
    input: signingInputOfCanonical('signet-record', kid, canonical),
  };
}
