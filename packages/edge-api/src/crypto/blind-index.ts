import type { KeyMode } from '@signet/sdk';
import { hmacHex } from './digest.js';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The blind-index key of one site, derived from INDEX_KEY: the same address gets a different
 * index on every site, so the keyed hashes in two sites' signed records cannot be joined.
 */
function siteIndexKey(indexKey: string, siteId: string): Promise<string> {
  return hmacHex(indexKey, `site-index-key:${siteId}`);
}

/**
 * A site's test people (decision 0011) are indexed under a key of their own: the same address
 * is another subject in test mode, which a live key's lookups never find, nor a test key's a live
 * one. A label no site id can make (site ids have no `:`).
 */
function indexKeyOf(indexKey: string, siteId: string, mode: KeyMode) {
  return mode === 'test'
    ? hmacHex(indexKey, `test-site-index-key:${siteId}`)
    : siteIndexKey(indexKey, siteId);
}

/** Keyed hash used to find a subject by address without querying the plaintext. */
export async function emailIndex(
  indexKey: string,
  siteId: string,
  email: string,
  mode: KeyMode = 'live',
) {
  return (await emailIndexer(indexKey, siteId, mode))(email);
}

/** {@link emailIndex} for many addresses of one site: its index key derived once. */
export async function emailIndexer(indexKey: string, siteId: string, mode: KeyMode = 'live') {
  const siteKey = await indexKeyOf(indexKey, siteId, mode);
  return (email: string) => hmacHex(siteKey, `email:${normaliseEmail(email)}`);
}

/** Keyed hash of an E.164 phone number (spaces removed), for lookups by phone. */
export async function phoneIndex(
  indexKey: string,
  siteId: string,
  phone: string,
  mode: KeyMode = 'live',
) {
  return hmacHex(await indexKeyOf(indexKey, siteId, mode), `phone:${phone.replace(/\s+/g, '')}`);
}

/**
 * Keyed hash of an Idempotency-Key as scoped to its caller: shops put order ids and addresses in
 * their keys, so the table holds only this (a label of its own: never equal to another index).
 */
export async function idempotencyKeyHash(indexKey: string, siteId: string, scopedKey: string) {
  return hmacHex(await siteIndexKey(indexKey, siteId), `idempotency-key:${scopedKey}`);
}
