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

export function newId(): string {
  return crypto.randomUUID();
}

const tokenShape = new RegExp(`^${taggedTokenSource}$`);

/**
 * Tokens are base64url of 32 bytes (an HMAC-SHA256), with their shard's tag or not; anything
 * else cannot be one and is refused before any query.
 */
export function looksLikeToken(value: string): boolean {
  return tokenShape.test(value);
}
