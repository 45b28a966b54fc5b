import { fromBase64url, toBase64url } from '@signet/sdk';
import { newId } from './tokens.js';

/**
 * Encryption at rest (S2): each subject's contact data is sealed with AES-256-GCM under a data
 * key of its own, and that key is stored wrapped (sealed) by a master key from a secret. Erasing
 * the subject deletes the wrapped key with the row, so what a backup still holds cannot be read
 * (R4: crypto-shredding).
 *
 * Master keys come from `MASTER_KEY` (the active one) and `MASTER_KEY_PREVIOUS_<NAME>` (older
 * ones, kept until every data key is re-wrapped), each `<kid>:<32 bytes as base64url>`.
 */
export interface MasterKeys {
  activeKid: string;
  byKid: Map<string, CryptoKey>;
}

const masterKeyValue = /^([A-Za-z0-9_-]{1,40}):([A-Za-z0-9_-]{43})$/;
const previousVariable = /^MASTER_KEY_PREVIOUS_[A-Z0-9_]+$/;
const cache = new Map<string, Promise<MasterKeys>>();

function importAesKey(raw: Uint8Array) {
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

async function parseMasterKey(name: string, value: string): Promise<[string, CryptoKey]> {
  const match = masterKeyValue.exec(value);
  if (!match?.[1] || !match[2]) {
    throw new Error(`${name} must be <kid>:<32 random bytes as base64url>`);
  }
  return [match[1], await importAesKey(bytes(match[2]))];
}

async function importMasterKeys(env: Record<string, unknown>): Promise<MasterKeys> {
  const active = env.MASTER_KEY;
  if (typeof active !== 'string') throw new Error('MASTER_KEY is not set');
  const [activeKid, activeKey] = await parseMasterKey('MASTER_KEY', active);
  const byKid = new Map([[activeKid, activeKey]]);
  for (const [name, value] of Object.entries(env)) {
    if (previousVariable.test(name) && typeof value === 'string') {
      const [kid, key] = await parseMasterKey(name, value);
      if (!byKid.has(kid)) byKid.set(kid, key);
    }
  }
  return { activeKid, byKid };
}

/** The master keys of this configuration, imported once per isolate and configuration. */
export function masterKeys(env: object): Promise<MasterKeys> {
  const record = env as Record<string, unknown>;
  const fingerprint = Object.keys(record)
    .filter((name) => name === 'MASTER_KEY' || previousVariable.test(name))
    .sort()
    .map((name) => `${name}=${String(record[name])}`)
    .join('\n');
  let keys = cache.get(fingerprint);
  if (!keys) {
    keys = importMasterKeys(record);
    keys.catch(() => cache.delete(fingerprint));
    cache.set(fingerprint, keys);
  }
  return keys;
}

const encoder = new TextEncoder();

function bytes(text: string): Uint8Array {
  const decoded = fromBase64url(text);
  if (!decoded) throw new Error('not base64url');
  return decoded;
}

/** `v1.<iv>.<ciphertext>`, bound by `context` (additional data) to the row and column it is for. */
export async function seal(key: CryptoKey, plaintext: string, context: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
    key,
    encoder.encode(plaintext),
  );
  return `v1.${toBase64url(iv)}.${toBase64url(new Uint8Array(sealed))}`;
}

export async function open(key: CryptoKey, sealed: string, context: string): Promise<string> {
  const [version, iv = '', body = ''] = sealed.split('.');
  if (version !== 'v1') throw new Error('unknown ciphertext version');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes(iv), additionalData: encoder.encode(context) },
    key,
    bytes(body),
  );
  return new TextDecoder().decode(plain);
}

/** A subject's data key: usable, and as stored (wrapped by the active master key). */
export interface DataKey {
  key: CryptoKey;
  /**
   * Random; written with the subject, so a batch can tell whether its key is the one kept: told
   * apart only from a rival's made at the same moment, so 11 letters and digits (65 bits) do, as
   * it is kept once per person (issue 23); keys made before hold a UUID.
   */
  id: string;
  wrapped: string;
  masterKid: string;
}

const wrapContext = (subjectId: string) => `data-key:${subjectId}`;

export async function newDataKey(master: MasterKeys, subjectId: string): Promise<DataKey> {
  const raw = crypto.getRandomValues(new Uint8Array(32));
  const active = master.byKid.get(master.activeKid) as CryptoKey;
  return {
    key: await importAesKey(raw),
    id: newId(11),
    wrapped: await seal(active, toBase64url(raw), wrapContext(subjectId)),
    masterKid: master.activeKid,
  };
}

interface StoredDataKey {
  subjectId: string;
  id: string;
  wrapped: string;
  masterKid: string;
}

async function unwrapRaw(master: MasterKeys, stored: StoredDataKey): Promise<Uint8Array> {
  const wrapping = master.byKid.get(stored.masterKid);
  if (!wrapping) throw new Error(`no master key "${stored.masterKid}" is configured`);
  return bytes(await open(wrapping, stored.wrapped, wrapContext(stored.subjectId)));
}

export async function unwrapDataKey(master: MasterKeys, stored: StoredDataKey): Promise<DataKey> {
  return { ...stored, key: await importAesKey(await unwrapRaw(master, stored)) };
}

/** The same data key, wrapped by the active master key instead (rotation). */
export async function rewrapDataKey(master: MasterKeys, stored: StoredDataKey): Promise<DataKey> {
  const raw = await unwrapRaw(master, stored);
  const active = master.byKid.get(master.activeKid) as CryptoKey;
  return {
    ...stored,
    key: await importAesKey(raw),
    wrapped: await seal(active, toBase64url(raw), wrapContext(stored.subjectId)),
    masterKid: master.activeKid,
  };
}
