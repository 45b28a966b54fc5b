const encoder = new TextEncoder();

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// An HMAC key imported once per isolate and secret: an import call MACs thousands of rows under
// the same few keys, and importing the key cost as much as the MAC (docs/performance.md). The
// secrets are a handful plus one derived key per site, so the map is bounded and forgets the
// oldest first.
const keys = new Map<string, Promise<CryptoKey>>();
const maxKeys = 256;

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    if (keys.size >= maxKeys) keys.delete(keys.keys().next().value as string);
    keys.set(secret, key);
  }
  return key;
}

export async function hmacBytes(secret: string, text: string): Promise<Uint8Array> {
  const key = await hmacKey(secret);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(text)));
}

export async function hmacHex(secret: string, text: string): Promise<string> {
  return toHex(await hmacBytes(secret, text));
}
