import { toBase64url } from '@signet/sdk';

/** 256 random bits, URL-safe (C7): a preference session's bearer credential. */
export function newToken(): string {
  return toBase64url(crypto.getRandomValues(new Uint8Array(32)));
}
