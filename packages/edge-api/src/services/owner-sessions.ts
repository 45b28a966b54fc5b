import {
  type OpenOwnerSessionList,
  type OwnerSession,
  type OwnerSignInLinkRequest,
  type Result,
  signetError,
} from '@signet/sdk';
import { hmacHex } from '../crypto/digest.js';
import { newToken } from '../crypto/session-tokens.js';
import { looksLikeToken, newId, tokenHash } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { mailerFor } from '../mail/mailer.js';
import { ownerSignInEmail } from '../mail/owner-sign-in-email.js';
import {
  type CallingSession,
  ownerSessionIdleMs,
  ownerSessionMaxMs,
  ownerSessionPrefix,
} from '../middleware/site-key.js';
import { allOf } from '../store/guard.js';
import {
  deleteEndedOwnerSessions,
  deleteOwnerSession,
  deleteOwnerSessionOfSite,
  deleteOwnerSessionsOfSite,
  insertOwnerSession,
  liveOwnerSessionsRead,
} from '../store/owner-sessions.js';
import {
  deleteEndedOwnerSignInLinks,
  insertOwnerSignInLink,
  isOwnerOf,
  useOwnerSignInLink,
} from '../store/owner-sign-in-links.js';
import { takeTicket, ticketGranted } from '../store/rate-events.js';
import { readAlone } from '../store/reads.js';
import { withShardTag } from '../store/shards.js';
import { siteRead } from '../store/sites.js';
import { clientTicket } from './request-admission.js';

const linkValidMs = 15 * 60_000;
const hourMs = 3_600_000;
/** Sign-in mails per owner address and hour: enough for a typo, too few to flood an inbox. */
export const linksPerAddressHour = 5;
/** S4: sign-in requests per client (IPv4 address or IPv6 /64) and hour, over all addresses. */
export const signInRequestsPerClientHour = 10;

/**
 * `POST /v1/admin/sign-in-links`: mails a single-use console link to the address if it is one of
 * the site's owners. Every address takes the same path: one batch takes the client's ticket, then
 * the address's (only for an owner's address, within five an hour), and writes the link under that
 * ticket, all decided inside the batch so that parallel requests cannot overshoot (decision 0001);
 * the site the mail names is read in the same batch. A client over its limit is told so (429),
 * which says nothing about the address. The mail is sent after the answer; a failed send is only
 * logged (the owner asks again).
 */
export async function requestOwnerSignInLink(
  env: Env,
  input: OwnerSignInLinkRequest,
  context: { publicUrl: string; clientIp: string | null; now: Date },
): Promise<Result<(() => Promise<void>) | null>> {
  const { now } = context;
  const at = now.toISOString();
  const email = input.email.toLowerCase();
  const client = await clientTicket(env.DB, {
    indexKey: env.INDEX_KEY,
    bucket: 'owner-sign-in',
    clientIp: context.clientIp,
    now,
    limit: signInRequestsPerClientHour,
  });
  const addressTicket = `owner-sign-in-address:${newId()}`;
  const mailbox = await hmacHex(env.INDEX_KEY, `owner-sign-in:${input.site}:${email}`);
  const token = newToken();
  const site = siteRead(env.DB, input.site);
  const results = await env.DB.batch([
    client.statement,
    takeTicket(
      env.DB,
      {
        bucket: `owner-sign-in:${input.site}:${mailbox}`,
        requestId: addressTicket,
        at,
        since: new Date(now.getTime() - hourMs).toISOString(),
        limit: linksPerAddressHour,
      },
      allOf(client.granted, isOwnerOf(input.site, email)),
    ),
    insertOwnerSignInLink(
      env.DB,
      {
        token_hash: await tokenHash(token),
        site_id: input.site,
        owner_email: email,
        created_at: at,
        expires_at: new Date(now.getTime() + linkValidMs).toISOString(),
      },
      ticketGranted(addressTicket),
    ),
    site.statement,
  ]);
  if (results[0]?.meta.changes !== 1) {
    const message = 'Too many sign-in requests from this client; try again later';
    return { ok: false, error: signetError('rate_limited', message) };
  }
  const found = results[3] ? site.parse(results[3]) : null;
  const message = ownerSignInEmail({
    locale: input.locale ?? (found?.defaultLocale === 'de' ? 'de' : 'en'),
    siteName: found?.name ?? input.site,
    // In the fragment: it never reaches a server log or a Referer.
    url: `${context.publicUrl.replace(/\/+$/, '')}/admin#token=${withShardTag(env.DB, token)}`,
    validMinutes: linkValidMs / 60_000,
  });
  const written = results[2]?.meta.changes === 1;
  return { ok: true, value: written ? () => mailerFor(env).send({ to: email, ...message }) : null };
}

type Opener = { keyId: string } | { ownerEmail: string };

async function open(
  db: D1Database,
  siteId: string,
  opener: Opener,
  now: Date,
): Promise<OwnerSession> {
  const session = `${ownerSessionPrefix}${newToken()}`;
  const id = `ses_${newId()}`;
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + ownerSessionMaxMs).toISOString();
  await insertOwnerSession(db, {
    id,
    token_hash: await tokenHash(session),
    site_id: siteId,
    key_id: 'keyId' in opener ? opener.keyId : null,
    owner_email: 'ownerEmail' in opener ? opener.ownerEmail : null,
    created_at: at,
    last_used_at: at,
    expires_at: expiresAt,
  }).run();
  const actor = 'keyId' in opener ? opener.keyId : `owner:${opener.ownerEmail}`;
  return { session: withShardTag(db, session), id, site: siteId, actor, expiresAt };
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
  return { ok: true, value: await open(db, link.site_id, { ownerEmail: link.owner_email }, now) };
}

/**
 * `POST /v1/admin/sessions` with the site key as bearer: the console then forgets the key. A
 * session cannot open another: each would restart the 8 hours, so none would ever end.
 */
export async function openOwnerSessionFromKey(
  db: D1Database,
  caller: { siteId: string; keyId: string; ownerSession: CallingSession | null },
  now: Date,
): Promise<Result<OwnerSession>> {
  if (caller.ownerSession) {
    const message = 'A console session cannot open another: sign in with a link or the site key';
    return { ok: false, error: signetError('forbidden', message) };
  }
  return { ok: true, value: await open(db, caller.siteId, { keyId: caller.keyId }, now) };
}

export async function endOwnerSession(db: D1Database, bearer: string) {
  await deleteOwnerSession(db, await tokenHash(bearer)).run();
}

/** `GET /v1/admin/sessions`: the site's open console sessions, the caller's marked. */
export async function openOwnerSessionsOf(
  db: D1Database,
  siteId: string,
  current: CallingSession | null,
  now: Date,
): Promise<OpenOwnerSessionList> {
  const idleSince = new Date(now.getTime() - ownerSessionIdleMs).toISOString();
  const entries = await readAlone(
    db,
    liveOwnerSessionsRead(db, siteId, now.toISOString(), idleSince),
  );
  return {
    sessions: entries.map(({ siteId: _, ...entry }) => ({
      ...entry,
      current: entry.id === current?.id,
    })),
  };
}

/** `DELETE /v1/admin/sessions/{id}`: ends one of the site's sessions, the caller's own too. */
export async function endOwnerSessionById(
  db: D1Database,
  siteId: string,
  id: string,
): Promise<Result<null>> {
  const { meta } = await deleteOwnerSessionOfSite(db, siteId, id).run();
  if (meta.changes === 0) {
    return { ok: false, error: signetError('not_found', `No open session "${id}"`, 'id') };
  }
  return { ok: true, value: null };
}

/** `DELETE /v1/admin/sessions`: "sign out everywhere", the caller's session included. */
export async function endOwnerSessionsOf(db: D1Database, siteId: string) {
  const { meta } = await deleteOwnerSessionsOfSite(db, siteId).run();
  return { ended: meta.changes };
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
