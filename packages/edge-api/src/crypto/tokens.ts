import { sha256Hex } from '@signet/sdk';

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** 256 random bits, URL-safe: comfortably above the 128 bits C7 asks for. */
export function newToken(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Only this hash is stored, so a database leak reveals no usable link (C7). */
export function tokenHash(token: string): Promise<string> {
  return sha256Hex(token);
}

export function newId(): string {
  return crypto.randomUUID();
}

/** Tokens are base64url of 32 bytes; anything else cannot be one and is refused before any query. */
export function looksLikeToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}
