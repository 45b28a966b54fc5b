// Test helper: logs signed with node:crypto, independent of the worker's WebCrypto signer.
import { generateKeyPairSync, sign } from 'node:crypto';
import { toBase64url } from './base64url.js';
import { signedLog } from './signed-log.js';
import { type SignedKind, signingInput } from './signing-input.js';

// Records here are signed with node:crypto, an implementation independent of the worker's
// WebCrypto signer, so the verifier is checked against Ed25519 itself, not against its twin.
export function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' };
  return { kid, privateKey, jwk };
}
export type Key = ReturnType<typeof keyPair>;

export const keyA = keyPair('key-a');
export const keyB = keyPair('key-b');
export const jwks = { keys: [keyA.jwk, keyB.jwk] };

export function nodeSign(key: Key, kind: SignedKind, payload: unknown) {
  const input = signingInput(kind, key.kid, payload);
  return toBase64url(new Uint8Array(sign(null, Buffer.from(input), key.privateKey)));
}

export function makeLog(count: number, key = keyA) {
  return signedLog(count, key.kid, (kind, payload) => nodeSign(key, kind, payload));
}
