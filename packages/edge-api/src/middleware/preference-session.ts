import type { MiddlewareHandler } from 'hono';
import { looksLikeToken, tokenHash } from '../crypto/tokens.js';
import type { AppEnv } from '../env.js';
import { fail } from '../http/errors.js';
import {
  ofSession,
  type PreferenceSessionRow,
  sessionTouchRead,
} from '../store/preference-sessions.js';
import { type Read, readTogether, type SqlValue } from '../store/reads.js';
import { type Site, siteRead } from '../store/sites.js';
import { allowSiteOrigins, type SiteCorsEnv } from './site-cors.js';

export type OpenSession = PreferenceSessionRow;
export type PreferenceSessionEnv = SessionEnv<[]>;

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

type ReadsOf<R> = { -readonly [K in keyof R]: R[K] extends Read<infer T> ? T : never };

export type SessionEnv<R extends readonly Read<unknown>[]> = {
  Variables: { session: OpenSession; sessionSite: Site; sessionReads: ReadsOf<R> };
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
    const match = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(c.req.header('authorization') ?? '');
    const bearer = match?.[1];
    const now = new Date();
    const idleSince = new Date(now.getTime() - sessionIdleMs).toISOString();
    const hash = bearer && looksLikeToken(bearer) ? await tokenHash(bearer) : null;
    const person = {
      siteId: ofSession('site_id', hash ?? ''),
      subjectId: ofSession('subject_id', hash ?? ''),
    };
    const answers = hash
      ? await readTogether(c.env.DB, [
          sessionTouchRead(c.env.DB, hash, now.toISOString(), idleSince),
          siteRead(c.env.DB, person.siteId),
          ...(reads?.(c.env.DB, person) ?? []),
        ] as Read<unknown>[])
      : [];
    const [session, site, ...found] = answers as [OpenSession | null, Site | null, ...unknown[]];
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
    c.set('sessionReads', found as ReadsOf<R>);
    await next();
  };
}
