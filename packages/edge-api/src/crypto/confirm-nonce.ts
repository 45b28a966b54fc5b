import { toBase64url } from '@signet/sdk';
import { hmacBytes } from './digest.js';

/** How long a rendered confirm form stays good; after that the page shows a fresh one. */
const validMs = 12 * 3_600_000;

async function mac(secret: string, tokenHash: string, issued: string, salt: string) {
  return toBase64url(await hmacBytes(secret, `confirm-form:${tokenHash}:${issued}:${salt}`));
}

/**
 * A value the confirm page puts in its form, new on every render and bound to the link's token:
 * a POST that carries only the token (from anywhere but the page) does not confirm. Stateless,
 * so opening the page still writes nothing (C6).
 */
export async function formNonce(secret: string, tokenHash: string, now: Date): Promise<string> {
  const issued = String(now.getTime());
  const salt = toBase64url(crypto.getRandomValues(new Uint8Array(12)));
  return `${issued}.${salt}.${await mac(secret, tokenHash, issued, salt)}`;
}

export async function isValidFormNonce(
  secret: string,
  tokenHash: string,
  nonce: string,
  now: Date,
): Promise<boolean> {
  const [issued = '', salt = '', given = '', ...rest] = nonce.split('.');
  if (rest.length > 0 || !/^\d{1,15}$/.test(issued) || !/^[A-Za-z0-9_-]{16}$/.test(salt)) {
    return false;
  }
  const age = now.getTime() - Number(issued);
  if (age < 0 || age > validMs) return false;
  return sameText(given, await mac(secret, tokenHash, issued, salt));
}

/** Compares in time that does not depend on where the texts differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
