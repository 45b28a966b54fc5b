// Test helper: logs signed with node:crypto, independent of the worker's WebCrypto signer.
import { generateKeyPairSync, sign } from 'node:crypto';
import { type ConsentRecord, genesisHash, type SignedRecord } from '../contract/records.js';
import { toBase64url } from './base64url.js';
import { recordHash, signingInput } from './signing-input.js';

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

export function nodeSign(key: Key, kind: 'signet-record' | 'signet-checkpoint', payload: unknown) {
  const input = signingInput(kind, key.kid, payload);
  return toBase64url(new Uint8Array(sign(null, Buffer.from(input), key.privateKey)));
}

export async function makeLog(count: number, key = keyA) {
  const records: SignedRecord[] = [];
  let prev = genesisHash;
  for (let seq = 1; seq <= count; seq += 1) {
    const record: ConsentRecord = {
      v: 1,
      id: `r-${seq}`,
      site: 'demo',
      seq,
      prev,
      subject: `subject-${seq % 3}`,
      contact: { email: 'a'.repeat(64), phone: null },
      purpose: 'newsletter',
      wording: { version: 'b'.repeat(64), sha256: 'b'.repeat(64) },
      event: seq % 2 ? 'requested' : 'confirmed',
      at: `2026-11-22T10:00:0${seq % 10}.000Z`,
      source: { pageUrl: 'https://shop.example/', form: 'signet-form' },
      evidence: { ip: '203.0.113.0/24', userAgent: 'Mozilla/5.0' },
      request: 'req-1',
    };
    const hash = await recordHash(record);
    records.push({ record, hash, kid: key.kid, sig: nodeSign(key, 'signet-record', record) });
    prev = hash;
  }
  const body = {
    v: 1 as const,
    site: 'demo',
    seq: count,
    head: prev,
    at: '2026-11-22T11:00:00.000Z',
  };
  const checkpoint = {
    checkpoint: body,
    kid: key.kid,
    sig: nodeSign(key, 'signet-checkpoint', body),
  };
  return { records, checkpoint };
}
