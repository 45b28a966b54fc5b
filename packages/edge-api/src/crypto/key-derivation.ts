import { toBase64url } from '@signet/sdk';

const encoder = new TextEncoder();
const cache = new Map<string, Promise<string>>();

async function hkdf(secret: string, label: string): Promise<string> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, [
    'deriveBits',
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(32), info: encoder.encode(label) },
    material,
    256,
  );
  return toBase64url(new Uint8Array(bits));
}

/**
 * A 256-bit key of its own for one use of a secret (HKDF-SHA256, the label as `info`): what one
 * use reveals or is made to compute says nothing about another's key. Derived once per isolate.
 */
export function derivedKey(secret: string, label: string): Promise<string> {
  const id = `${label}\n${secret}`;
  let key = cache.get(id);
  if (!key) {
    key = hkdf(secret, label);
    cache.set(id, key);
  }
  return key;
}
