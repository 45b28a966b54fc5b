import type { MiddlewareHandler } from 'hono';
import { looksLikeToken, tokenHash } from '../crypto/tokens.js';
import type { AppEnv } from '../env.js';
import { fail } from '../http/errors.js';
import { type PreferenceSessionRow, touchPreferenceSession } from '../store/preference-sessions.js';

export type OpenSession = PreferenceSessionRow;
export type PreferenceSessionEnv = { Variables: { session: OpenSession } };

const minute = 60_000;
/** A session ends after 15 minutes without use, and 60 minutes after it began, whatever happens. */
export const sessionIdleMs = 15 * minute;
export const sessionMaxMs = 60 * minute;
/**
 * Export and erasure need a session opened this recently: another rule than the idle timeout,
 * the same span by choice (a session kept alive for its full hour cannot export or erase late).
 */
export const freshSessionMs = sessionIdleMs;

/** The session a bearer token names, if alive; using it keeps it alive (idle timeout). */
export async function useSession(db: D1Database, bearer: string, now: Date) {
  if (!looksLikeToken(bearer)) return null;
  const idleSince = new Date(now.getTime() - sessionIdleMs).toISOString();
  return touchPreferenceSession(db, await tokenHash(bearer), now.toISOString(), idleSince);
}

/**
 * The person's routes: `Authorization: Bearer <session>` from `POST /v1/preference-sessions`.
 * Never a cookie, so no other site can make the person's browser act (no CSRF).
 */
export function requirePreferenceSession(): MiddlewareHandler<AppEnv & PreferenceSessionEnv> {
  return async (c, next) => {
    const match = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(c.req.header('authorization') ?? '');
    const session = match?.[1] ? await useSession(c.env.DB, match[1], new Date()) : null;
    if (!session) {
      c.header('www-authenticate', 'Bearer realm="signet-preferences"');
      return fail(
        c,
        'unauthorized',
        'This session has ended: open the link again or ask for a new one',
      );
    }
    c.set('session', session);
    await next();
  };
}
