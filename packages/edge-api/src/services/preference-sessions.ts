import { type PreferenceSession, type Result, signetError } from '@signet/sdk';
import { emailIndex } from '../crypto/blind-index.js';
import { type LinkSecrets, linkKey } from '../crypto/link-tokens.js';
import { newToken } from '../crypto/session-tokens.js';
import { looksLikeToken, tokenHash } from '../crypto/tokens.js';
import {
  freshSessionMs,
  type OpenSession,
  sessionMaxMs,
} from '../middleware/preference-session.js';
import { allOf, type Guard } from '../store/guard.js';
import {
  codeTriesLeft,
  countSubjectCodeTry,
  openLinksOfAddressRead,
  type PreferenceLinkRow,
  preferenceLinkByTokenHashRead,
  siteOfLink,
} from '../store/preference-links.js';
import { deletePreferenceSession, insertPreferenceSession } from '../store/preference-sessions.js';
import { countEventsSince, takeTicket } from '../store/rate-events.js';
import { readTogether } from '../store/reads.js';
import { withShardTag } from '../store/shards.js';
import { type Site, siteRead } from '../store/sites.js';
import { subjectIdByIndex } from '../store/subjects.js';
import { codeHash } from './preference-links.js';
import { clientTicket, codeTryBucket, mailboxHash } from './request-admission.js';

const hourMs = 60 * 60 * 1000;
/** Failed tries at a code per person, over all their links still open. */
const maxCodeTries = 5;
/** S4: session openings per client (IPv4 address or IPv6 /64) and hour, codes and links alike. */
export const sessionOpeningsPerClientHour = 60;

const refused = (): Result<never> => ({
  ok: false,
  error: signetError(
    'unauthorized',
    'This link or code is not valid, or no longer: ask for a new one',
  ),
});

/**
 * A wrong code's answer names the tries left, counted per address (its keyed index) in the last
 * hour (a link's lifetime) for every address alike, known or not, so that the count tells no one
 * whether an address is known (decision 0001). The person's real limit stays `maxCodeTries` over
 * their open links; for one person typing, both counts move together.
 */
const wrongCode = (triesLeft: number): Result<never> => ({
  ok: false,
  error: signetError('unauthorized', `Wrong code: ${triesLeft} tries left`, 'code'),
});

/** A new session for the link's person, written only under `guard`. */
async function newSession(
  db: D1Database,
  link: { site_id: string; subject_id: string },
  now: Date,
  guard: Guard,
) {
  const session = newToken();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + sessionMaxMs).toISOString();
  const row = {
    token_hash: await tokenHash(session),
    site_id: link.site_id,
    subject_id: link.subject_id,
    created_at: at,
    last_used_at: at,
    expires_at: expiresAt,
  };
  return {
    statement: insertPreferenceSession(db, row, guard),
    value: { session: withShardTag(db, session), expiresAt },
  };
}

/** The link a typed code belongs to, among the person's open links; null for a wrong code. */
async function linkOfCode(key: string, links: PreferenceLinkRow[], code: string) {
  for (const link of links) {
    if ((await codeHash(key, link.id, code)) === link.code_hash) return link;
  }
  return null;
}

/**
 * `POST /v1/preference-sessions`: a link's token, or the address and the code mailed with it,
 * open a session. The link is not used up: a mail scanner that opens it (even running the page's
 * script) gets a session of its own and changes nothing, and the person's own click still works
 * (decision 0006). A code opens the link it was mailed with, whichever of the person's open links
 * that is; five failed tries per person (over all their open links), counted in the same batch
 * that would open the session, so parallel guesses cannot get past the fifth. Each client may try this route `sessionOpeningsPerClientHour` times an hour.
 * Answers with the site's origins, for the response's CORS headers.
 */
export async function openPreferenceSession(
  db: D1Database,
  secrets: LinkSecrets,
  input: { token: string } | { site: string; email: string; code: string },
  context: { now: Date; clientIp: string | null },
): Promise<{ outcome: Result<PreferenceSession>; siteOrigins: readonly string[] }> {
  const { now } = context;
  const indexKey = secrets.INDEX_KEY;
  const at = now.toISOString();
  if ('token' in input && !looksLikeToken(input.token))
    return { outcome: refused(), siteOrigins: [] };
  const ticket = await clientTicket(db, {
    indexKey,
    bucket: 'preference-session',
    clientIp: context.clientIp,
    now,
    limit: sessionOpeningsPerClientHour,
  });
  // One read, then one batch whose ticket decides inside it whether anything else is written.
  const statements = [ticket.statement];
  let opened: PreferenceSession | null = null;
  /** Index in the batch of the address's count of wrong tries, for a wrong code. */
  let wrongTries: number | null = null;
  let site: Site | null;
  if ('token' in input) {
    const hash = await tokenHash(input.token);
    const [link, linkSite] = await readTogether(db, [
      preferenceLinkByTokenHashRead(db, hash, at),
      siteRead(db, siteOfLink(hash)),
    ] as const);
    site = linkSite;
    if (link) {
      const session = await newSession(db, link, now, ticket.granted);
      statements.push(session.statement);
      opened = session.value;
    }
  } else {
    const index = await emailIndex(indexKey, input.site, input.email);
    const subject = subjectIdByIndex(input.site, index);
    const [links, namedSite] = await readTogether(db, [
      openLinksOfAddressRead(db, subject, at),
      siteRead(db, input.site),
    ] as const);
    site = namedSite;
    const subjectId = links[0]?.subject_id;
    const link = await linkOfCode(await linkKey(secrets), links, input.code);
    if (subjectId && link) {
      // A right code is no failure: it opens while the person has tries left, and counts none.
      const guard = allOf(ticket.granted, codeTriesLeft(subjectId, at, maxCodeTries));
      const session = await newSession(db, link, now, guard);
      statements.push(session.statement);
      opened = session.value;
    } else {
      if (subjectId)
        statements.push(countSubjectCodeTry(db, subjectId, at, maxCodeTries, ticket.granted));
      const bucket = codeTryBucket(
        input.site,
        await mailboxHash(indexKey, input.site, input.email),
      );
      const since = new Date(now.getTime() - hourMs).toISOString();
      const requestId = `code-try:${crypto.randomUUID()}`;
      const limit = Number.MAX_SAFE_INTEGER;
      statements.push(
        takeTicket(db, { bucket, requestId, at, since, limit }, ticket.granted),
        countEventsSince(db, bucket, since),
      );
      wrongTries = statements.length - 1;
    }
  }
  const results = await db.batch<{ count: number }>(statements);
  const [taken, written] = results;
  const siteOrigins = site?.allowedOrigins ?? [];
  if (taken?.meta.changes !== 1) {
    const message = 'Too many attempts from this client; try again later';
    return { outcome: { ok: false, error: signetError('rate_limited', message) }, siteOrigins };
  }
  if (wrongTries !== null) {
    const tries = results[wrongTries]?.results[0]?.count ?? maxCodeTries;
    return { outcome: wrongCode(Math.max(0, maxCodeTries - tries)), siteOrigins };
  }
  if (!opened || written?.meta.changes !== 1) return { outcome: refused(), siteOrigins };
  return { outcome: { ok: true, value: opened }, siteOrigins };
}

/** `DELETE /v1/me/session`: the person signs out; the session's token opens nothing after. */
export async function endPreferenceSession(db: D1Database, session: OpenSession) {
  await deletePreferenceSession(db, session.token_hash).run();
}

export function isFresh(session: OpenSession, now: Date) {
  return now.getTime() - Date.parse(session.created_at) <= freshSessionMs;
}
