import { toBase64url } from '@signet/sdk';
import { hmacBytes, hmacHex } from './digest.js';
import { derivedKey } from './key-derivation.js';

export type LinkKind = 'confirm' | 'preferences' | 'unsubscribe';

/** The secrets a link key comes from (src/env.ts). */
export interface LinkSecrets {
  INDEX_KEY: string;
  LINK_KEY?: string | undefined;
}

/**
 * The key of every link secret (tokens, codes, marks, the confirm form's nonce): derived from
 * `LINK_KEY`, or from `INDEX_KEY` under a label of its own when there is none. Never `INDEX_KEY`
 * itself: the owner reads request ids in every record, so a link key equal to the blind index's
 * would let whoever learns that key make any person's confirmation link (issue 19).
 */
export function linkKey(secrets: LinkSecrets): Promise<string> {
  return derivedKey(secrets.LINK_KEY || secrets.INDEX_KEY, 'signet link tokens v1');
}

/**
 * What a stored message holds where its link's token (and a preference link's code) will go,
 * replaced only at send time. The marks are derived from a secret and the link's random id, so
 * they differ per message and nobody can write them in advance: a site name or wording that
 * contains one cannot make the sender put a live token where the owner chose (a fixed
 * `[redacted]` could be planted in the site's name).
 */
export async function linkMarks(secret: string, kind: LinkKind, id: string) {
  const tag = (await hmacHex(secret, `mark:${kind}:${id}`)).slice(0, 32);
  return { token: `[redacted:${tag}]`, code: `[redacted-code:${tag}]` };
}
export type LinkMarks = Awaited<ReturnType<typeof linkMarks>>;

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
export function withLiveLink(body: string, marks: LinkMarks, token: string, code?: string): string {
  const placed = body.replaceAll(marks.token, token);
  return code ? placed.replaceAll(marks.code, code) : placed;
}
