import { sha256Hex } from '@signet/sdk';

/**
 * Only this hash of a link's token is stored; the token itself is derived at send time
 * (link-tokens.ts), so a database leak reveals no usable link (C7).
 */
export function tokenHash(token: string): Promise<string> {
  return sha256Hex(token);
}

export function newId(): string {
  return crypto.randomUUID();
}

/** Tokens are base64url of 32 bytes (an HMAC-SHA256); anything else cannot be one and is refused before any query. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
