import { toBase64url } from '@signet/sdk';
import { hmacBytes } from './digest.js';

export type LinkKind = 'confirm' | 'preferences' | 'unsubscribe';

/** What a stored message holds where its link's token will go; replaced only at send time. */
export const redactedToken = '[redacted]';
/** Where the one-time code of a preference link goes, likewise. */
export const redactedCode = '[redacted-code]';

/** How each kind of link carries its token: in the path, or in the fragment (never sent). */
const placeholder: Record<LinkKind, string> = {
  confirm: `/confirm/${redactedToken}`,
  preferences: `#token=${redactedToken}`,
  // Unsubscribe links go into the site's own mailings, never into a message Signet stores.
  unsubscribe: `/u/${redactedToken}`,
};

/**
 * The token of a link, derived from a secret and the id of what it opens (256 bits, C7). No table
 * holds it, so neither a database reader nor an API can hand out a live link: the outbox renders
 * it into the message at the moment of sending (decision 0005).
 */
export async function linkToken(secret: string, kind: LinkKind, id: string): Promise<string> {
  return toBase64url(await hmacBytes(secret, `link:${kind}:${id}`));
}

/** The 8-digit code mailed with a preference link, derived the same way. */
export async function linkCode(secret: string, id: string): Promise<string> {
  const bytes = await hmacBytes(secret, `code:preferences:${id}`);
  const number = new DataView(bytes.buffer).getUint32(0) % 100_000_000;
  return String(number).padStart(8, '0');
}

/** A stored message body with its live link (and code) put in, for the transport only. */
export function withLiveLink(body: string, kind: LinkKind, token: string, code?: string): string {
  const placed = body.replaceAll(
    placeholder[kind],
    placeholder[kind].replace(redactedToken, token),
  );
  return code ? placed.replaceAll(redactedCode, code) : placed;
}
