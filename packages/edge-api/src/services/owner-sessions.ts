import {
  type OwnerSession,
  type OwnerSignInLinkRequest,
  type Result,
  signetError,
} from '@signet/sdk';
import { newToken } from '../crypto/session-tokens.js';
import { looksLikeToken, tokenHash } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { mailerFor } from '../mail/mailer.js';
import { ownerSignInEmail } from '../mail/owner-sign-in-email.js';
import {
  ownerSessionIdleMs,
  ownerSessionMaxMs,
  ownerSessionPrefix,
} from '../middleware/site-key.js';
import {
  deleteEndedOwnerSessions,
  deleteOwnerSession,
  insertOwnerSession,
} from '../store/owner-sessions.js';
import {
  countOwnerSignInLinksSince,
  deleteEndedOwnerSignInLinks,
  insertOwnerSignInLink,
  useOwnerSignInLink,
} from '../store/owner-sign-in-links.js';
import { findSite } from '../store/sites.js';

const linkValidMs = 15 * 60_000;
/** Sign-in mails per owner address and hour: enough for a typo, too few to flood an inbox. */
const linksPerHour = 5;

/**
 * `POST /v1/admin/sign-in-links`: mails a single-use console link to the address if it is one of
 * the site's owners. Every answer is the same, so the route tells nobody who the owners are; the
 * mail itself is sent after the answer, and a failed send is only logged (the owner asks again).
 */
export async function requestOwnerSignInLink(
  env: Env,
  input: OwnerSignInLinkRequest,
  publicUrl: string,
  now: Date,
): Promise<(() => Promise<void>) | null> {
  const site = await findSite(env.DB, input.site);
  const email = input.email.toLowerCase();
  if (!site?.ownerEmails.includes(email)) return null;
  const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
  if ((await countOwnerSignInLinksSince(env.DB, site.id, email, hourAgo)) >= linksPerHour) {
    return null;
  }
  const token = newToken();
  await insertOwnerSignInLink(env.DB, {
    token_hash: await tokenHash(token),
    site_id: site.id,
    owner_email: email,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + linkValidMs).toISOString(),
  }).run();
  const message = ownerSignInEmail({
    locale: input.locale ?? (site.defaultLocale === 'de' ? 'de' : 'en'),
    siteName: site.name,
    // In the fragment: it never reaches a server log or a Referer.
    url: `${publicUrl.replace(/\/+$/, '')}/admin#token=${token}`,
    validMinutes: linkValidMs / 60_000,
  });
  return () => mailerFor(env).send({ to: email, ...message });
}

async function open(
  db: D1Database,
  siteId: string,
  actor: string,
  now: Date,
): Promise<OwnerSession> {
  const session = `${ownerSessionPrefix}${newToken()}`;
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + ownerSessionMaxMs).toISOString();
  await insertOwnerSession(db, {
    token_hash: await tokenHash(session),
    site_id: siteId,
    actor,
    created_at: at,
    last_used_at: at,
    expires_at: expiresAt,
  }).run();
  return { session, site: siteId, actor, expiresAt };
}

/** `POST /v1/admin/sessions` with a sign-in link's token: the link is used up. */
export async function openOwnerSessionFromLink(
  db: D1Database,
  token: string,
  now: Date,
): Promise<Result<OwnerSession>> {
  const link = looksLikeToken(token)
    ? await useOwnerSignInLink(db, await tokenHash(token), now.toISOString())
    : null;
  if (!link) {
    const message = 'This sign-in link is not valid, or no longer: ask for a new one';
    return { ok: false, error: signetError('unauthorized', message) };
  }
  return { ok: true, value: await open(db, link.site_id, `owner:${link.owner_email}`, now) };
}

/** `POST /v1/admin/sessions` with the site key as bearer: the console then forgets the key. */
export function openOwnerSessionFromKey(
  db: D1Database,
  key: { siteId: string; id: string },
  now: Date,
) {
  return open(db, key.siteId, key.id, now);
}

export async function endOwnerSession(db: D1Database, bearer: string) {
  await deleteOwnerSession(db, await tokenHash(bearer)).run();
}

/** Ended console sessions and links are of no use to anyone: the cron deletes them. */
export async function forgetEndedOwnerSessions(db: D1Database, now: Date) {
  const idleSince = new Date(now.getTime() - ownerSessionIdleMs).toISOString();
  const at = now.toISOString();
  await db.batch([
    deleteEndedOwnerSessions(db, at, idleSince),
    deleteEndedOwnerSignInLinks(db, at),
  ]);
}
