import { sha256Hex } from '@signet/sdk';
import { splitShardTag, taggedTokenSource } from './shard-tags.js';

/**
 * Only this hash of a link's token is stored; the token itself is derived at send time
 * (link-tokens.ts), so a database leak reveals no usable link (C7). A shard's tag in front is
 * left out: it routes the request and is not part of the secret (shard-tags.ts).
 */
export function tokenHash(token: string): Promise<string> {
  return sha256Hex(splitShardTag(token).token);
}

const idAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Random ids are 22 characters of [A-Za-z0-9]: about 131 bits, like a UUID's 122, in 14 fewer bytes. */
const idLength = 22;

/**
 * A random id. Ids are stored many times per consent (rows, references, index entries), so they
 * are 22 letters and digits rather than a 36-character UUID (issue 23); ids written before are
 * UUIDs and stay valid. No `_` or `.`: ids sit in tokens split at `.` and in subject-id fields.
 */
export function newId(length = idLength): string {
  let id = '';
  while (id.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
      // 248 = 4 × 62: bytes above it are skipped so that every character is equally likely.
      if (byte < 248 && id.length < length) id += idAlphabet[byte % 62];
    }
  }
  return id;
}

// The same 62 characters in byte order, so that a time written with them sorts as text.
const timeAlphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const timeLength = 8;

/**
 * An id as {@link newId} (22 letters and digits) whose first 8 are the time in milliseconds:
 * rows written together sit together in every index keyed by their id, so a large import adds
 * its rows at one end of those indexes instead of touching a page all over each of them. The 14
 * random characters left (about 83 bits) still make it unguessable; the time it shows is the
 * time the record itself states. Nothing reads the time back out of an id.
 */
export function newSortableId(now = Date.now()): string {
  let time = '';
  for (let rest = now; time.length < timeLength; rest = Math.floor(rest / 62)) {
    time = timeAlphabet[rest % 62] + time;
  }
  return time + newId(idLength - timeLength);
}

const tokenShape = new RegExp(`^${taggedTokenSource}$`);

/**
 * Tokens are base64url of 32 bytes (an HMAC-SHA256), with their shard's tag or not; anything
 * else cannot be one and is refused before any query.
 */
export function looksLikeToken(value: string): boolean {
  return tokenShape.test(value);
}
