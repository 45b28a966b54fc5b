import { toBase64url } from '@signet/sdk';
import { hmacBytes } from './digest.js';

export type LinkKind = 'confirm';

/** What a stored message holds where its link's token will go; replaced only at send time. */
export const redactedToken = '[redacted]';

/**
 * The token of a link, derived from a secret and the id of what it opens (256 bits, C7). No table
 * holds it, so neither a database reader nor an API can hand out a live link: the outbox renders
 * it into the message at the moment of sending (decision 0005).
 */
export async function linkToken(secret: string, kind: LinkKind, id: string): Promise<string> {
  return toBase64url(await hmacBytes(secret, `link:${kind}:${id}`));
}

/** A stored message body with its live link put in, for the transport only. */
export function withLiveLink(body: string, kind: LinkKind, token: string): string {
  return body.replaceAll(`/${kind}/${redactedToken}`, `/${kind}/${token}`);
}
