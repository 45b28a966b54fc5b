import type { MiddlewareHandler } from 'hono';
import { looksLikeToken, tokenHash } from '../crypto/tokens.js';
import type { AppEnv } from '../env.js';
import { fail } from '../http/errors.js';
import {
  ofSession,
  type PreferenceSessionRow,
  sessionTouchRead,
} from '../store/preference-sessions.js';
import { type Answers, type Read, readTogether, type SqlValue } from '../store/reads.js';
import { type Site, siteRead } from '../store/sites.js';
import { allowSiteOrigins, type SiteCorsEnv } from './site-cors.js';

export type OpenSession = PreferenceSessionRow;

const minute = 60_000;
/** A session ends after 15 minutes without use, and 60 minutes after it began, whatever happens. */
export const sessionIdleMs = 15 * minute;
export const sessionMaxMs = 60 * minute;
/**
 * Export and erasure need a session opened this recently: another rule than the idle timeout,
 * the same span by choice (a session kept alive for its full hour cannot export or erase late).
 */
export const freshSessionMs = sessionIdleMs;

/** The session's person as values in SQL, for reads made together with the session's touch. */
export interface SessionPerson {
  siteId: SqlValue;
  subjectId: SqlValue;
}

export type SessionEnv<R extends readonly Read<unknown>[]> = {
  Variables: { session: OpenSession; sessionSite: Site; sessionReads: Answers<R> };
};

/**
 * The person's routes: `Authorization: Bearer <session>` from `POST /v1/preference-sessions`.
 * Never a cookie, so no other site can make the person's browser act (no CSRF). The touch that
 * keeps the session alive, its site and the route's own `reads` go to D1 in one round trip.
 */
export function requirePreferenceSession<R extends readonly Read<unknown>[] = []>(
  reads?: (db: D1Database, person: SessionPerson) => R,
): MiddlewareHandler<AppEnv & SiteCorsEnv & SessionEnv<R>> {
  return async (c, next) => {
    const match = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '');
    const bearer = match?.[1];
    const hash = bearer && looksLikeToken(bearer) ? await tokenHash(bearer) : null;
    const [session, site, ...found] = hash ? await readWithSession(c.env.DB, hash, reads) : [];
    if (!session || !site) {
      c.header('www-authenticate', 'Bearer realm="signet-preferences"');
      return fail(
        c,
        'unauthorized',
        'This session has ended: open the link again or ask for a new one',
      );
    }
    allowSiteOrigins(c, site.allowedOrigins);
    c.set('session', session);
    c.set('sessionSite', site);
    c.set('sessionReads', found as Answers<R>);
    await next();
  };
}

/** The touch that keeps a live session alive, its site and `reads`, in one round trip. */
async function readWithSession(
  db: D1Database,
  hash: string,
  reads?: (db: D1Database, person: SessionPerson) => readonly Read<unknown>[],
) {
  const now = new Date();
  const idleSince = new Date(now.getTime() - sessionIdleMs).toISOString();
  const person = { siteId: ofSession('site_id', hash), subjectId: ofSession('subject_id', hash) };
  const answers = await readTogether(db, [
    sessionTouchRead(db, hash, now.toISOString(), idleSince),
    siteRead(db, person.siteId),
    ...(reads?.(db, person) ?? []),
  ] as Read<unknown>[]);
  return answers as [OpenSession | null, Site | null, ...unknown[]];
}
