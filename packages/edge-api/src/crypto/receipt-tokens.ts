import { toBase64url } from '@signet/sdk';
import { hmacBytes } from './digest.js';
import { splitShardTag } from './shard-tags.js';

/** How long the done page's receipt link works: long enough to press it, too short to keep. */
export const receiptTokenMs = 30 * 60_000;

// A request id is a UUID (before issue 23) or 22 letters and digits (tokens.ts `newId`).
const shape = /^([0-9a-f-]{36}|[A-Za-z0-9]{22})\.(\d{1,15})\.([A-Za-z0-9_-]{43})$/;

async function mac(secret: string, requestId: string, until: string) {
  return toBase64url(await hmacBytes(secret, `receipt:${requestId}:${until}`));
}

/**
 * The done page's key to the receipt of the request it confirmed, and to nothing else: its own
 * HMAC label, so it is never a confirmation, preference or unsubscribe token (those are 43
 * characters of another HMAC; this one has the request id and an end in front), and the
 * confirmation token cannot be turned into it without INDEX_KEY. Stateless: nothing is stored.
 */
export async function receiptToken(secret: string, requestId: string, now: Date) {
  const until = String(now.getTime() + receiptTokenMs);
  return `${requestId}.${until}.${await mac(secret, requestId, until)}`;
}

/** The request a receipt token opens, or null when it is malformed, forged or past its end. */
export async function requestOfReceiptToken(secret: string, token: string, now: Date) {
  const [, requestId = '', until = '', given = ''] = shape.exec(splitShardTag(token).token) ?? [];
  if (!requestId || Number(until) < now.getTime()) return null;
  return sameText(given, await mac(secret, requestId, until)) ? requestId : null;
}

/** Compares in time that does not depend on where the texts differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i += 1) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}
