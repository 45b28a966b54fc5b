const encoder = new TextEncoder();

function toHex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * HMAC keys imported once per isolate and secret (issue 23: a consent request made ten imports).
 * The secrets are the configuration's keys and keys derived from them (one per site for the blind
 * index), so the map stays small; it is emptied if it ever holds more than `cacheLimit`.
 */
const keys = new Map<string, Promise<CryptoKey>>();
const cacheLimit = 10_000;

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    if (keys.size >= cacheLimit) keys.clear();
    key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
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
