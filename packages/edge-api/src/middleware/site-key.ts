import type { KeyMode } from '@signet/sdk';
import type { Context, MiddlewareHandler } from 'hono';
import { splitShardTag } from '../crypto/shard-tags.js';
import { tokenHash } from '../crypto/tokens.js';
import type { AppEnv } from '../env.js';
import { fail } from '../http/errors.js';
import { findKeyByHash } from '../store/api-keys.js';
import { ownerSessionTouchRead } from '../store/owner-sessions.js';
import { readAlone } from '../store/reads.js';

/** A console session that called: its id, and when it was opened (for the fresh-session rule). */
export interface CallingSession {
  id: string;
  createdAt: string;
}

/**
 * `keyId`: which of the site's keys (or console sessions' owners) called, for the admin log;
 * `ownerSession`: the console session it called through, or null for the key itself; `keyMode`:
 * `test` for a test key, whose calls see and make only test people (decision 0011).
 */
export type SiteKeyEnv = {
  Variables: {
    siteId: string;
    keyId: string;
    bearer: string;
    ownerSession: CallingSession | null;
    keyMode: KeyMode;
  };
};
export type OptionalSiteKeyEnv = { Variables: { siteKeyOf: string | null; keyMode: KeyMode } };

/**
 * What a test key may call: what a shop's integration test needs (ask, check, look a person up,
 * read the test mailbox, read the purposes). Everything else would act on the live site.
 */
const testKeyRoutes = new Set([
  'GET /v1/admin/site',
  'GET /v1/admin/purposes',
  'GET /v1/admin/test-mailbox',
  'GET /v1/admin/subjects/consents',
  'POST /v1/admin/subjects/consents',
  'GET /v1/consents/check',
  'POST /v1/consents/check',
  'POST /v1/consents/checks',
]);

function testKeyRefused(c: Context) {
  const message = `A test key cannot call ${c.req.method} ${c.req.path}: use a live key or the console`;
  return fail(c, 'forbidden', message);
}

/** Console sessions: owners work in it for a while, so longer than a person's 15/60 minutes. */
export const ownerSessionIdleMs = 30 * 60_000;
export const ownerSessionMaxMs = 8 * 3_600_000;
/**
 * Creating or revoking keys, changing owner addresses or webhook endpoints: what would let a
 * stolen session outlive its end needs a session opened this recently (the key itself may).
 */
export const freshOwnerSessionMs = 15 * 60_000;
/** Console sessions are told apart from site keys by their prefix, before any query. */
export const ownerSessionPrefix = 'os_';

const bearerPattern = /^Bearer ([\x21-\x7e]{16,200})$/;

function bearerOf(c: Context) {
  return bearerPattern.exec(c.req.header('authorization') ?? '')?.[1] ?? null;
}

async function keyOf(db: D1Database, bearer: string | null) {
  const key = bearer ? await findKeyByHash(db, await tokenHash(bearer)) : null;
  return key && { ...key, session: null };
}

const modeOf = (key: { test?: boolean }): KeyMode => (key.test ? 'test' : 'live');

/**
 * A live console session, touched, whose key or owner address still holds (one statement); its
 * actor stands in the admin log where a key id would.
 */
async function ownerSessionOf(db: D1Database, bearer: string) {
  const now = new Date();
  const idleSince = new Date(now.getTime() - ownerSessionIdleMs).toISOString();
  const hash = await tokenHash(bearer);
  const entry = await readAlone(db, ownerSessionTouchRead(db, hash, now.toISOString(), idleSince));
  // The console works on the live site.
  return entry && { siteId: entry.siteId, id: entry.actor, session: entry, test: false };
}

function unauthorized(c: Context) {
  c.header('www-authenticate', 'Bearer realm="signet"');
  return fail(c, 'unauthorized', 'A valid site API key is required (Authorization: Bearer ...)');
}

/**
 * The SDK names the site it was set up for (`Signet-Site`); a key of another site is refused, so
 * a wrong `site` option fails instead of quietly acting for the key's own site.
 */
function otherSite(c: Context, siteId: string) {
  const named = c.req.header('signet-site');
  if (named === undefined || named === siteId) return null;
  c.header('www-authenticate', 'Bearer realm="signet"');
  const message = `This key is not a key of site "${named.slice(0, 63)}" (Signet-Site)`;
  return fail(c, 'unauthorized', message, 'Signet-Site');
}

/**
 * Admin routes: `Authorization: Bearer <site key>` or a console session. Keys are stored as
 * SHA-256 only (S5), and the site a key belongs to is the only site its routes can reach.
 */
export function requireSiteKey(): MiddlewareHandler<AppEnv & SiteKeyEnv> {
  return async (c, next) => {
    // Routes that several groups of routes cover are checked once: one read per call.
    if (c.get('bearer') !== undefined) return next();
    const bearer = bearerOf(c);
    // The shard's tag (routing read it already) comes before the prefix.
    const key =
      bearer && splitShardTag(bearer).token.startsWith(ownerSessionPrefix)
        ? await ownerSessionOf(c.env.DB, bearer)
        : await keyOf(c.env.DB, bearer);
    if (!key || !bearer) return unauthorized(c);
    const refused = otherSite(c, key.siteId);
    if (refused) return refused;
    const mode = modeOf(key);
    if (mode === 'test' && !testKeyRoutes.has(`${c.req.method} ${c.req.path}`)) {
      return testKeyRefused(c);
    }
    c.set('siteId', key.siteId);
    c.set('keyId', key.id);
    c.set('bearer', bearer);
    c.set('keyMode', mode);
    const { session } = key;
    c.set('ownerSession', session && { id: session.id, createdAt: session.createdAt });
    await next();
  };
}

/** Whether the caller is the key itself, or a console session opened in the last 15 minutes. */
export function isFreshCaller(c: Context<AppEnv & SiteKeyEnv>, now = new Date()) {
  const session = c.get('ownerSession');
  return !session || now.getTime() - Date.parse(session.createdAt) <= freshOwnerSessionMs;
}

export const staleMessage = `This needs a console session opened in the last ${freshOwnerSessionMs / 60_000} minutes: sign in again`;

export function staleSession(c: Context) {
  return fail(c, 'fresh_session_required', staleMessage);
}

/** After `requireSiteKey`: the route needs the key, or a session opened in the last 15 minutes. */
export function requireFreshCaller(): MiddlewareHandler<AppEnv & SiteKeyEnv> {
  return async (c, next) => (isFreshCaller(c) ? next() : staleSession(c));
}

/**
 * Routes browsers and servers share: a server proves itself with the site key, a browser sends
 * none. A key that is given must be valid; a test key only where the route says it has a test mode.
 */
export function identifySiteKey(
  options: { test: boolean } = { test: false },
): MiddlewareHandler<AppEnv & OptionalSiteKeyEnv> {
  return async (c, next) => {
    c.set('keyMode', 'live');
    if (c.req.header('authorization') === undefined) {
      c.set('siteKeyOf', null);
      return next();
    }
    const key = await keyOf(c.env.DB, bearerOf(c));
    if (!key) return unauthorized(c);
    const refused = otherSite(c, key.siteId);
    if (refused) return refused;
    // A test key where it has no test meaning (a preference link) would reach a real person.
    if (key.test && !options.test) return testKeyRefused(c);
    c.set('siteKeyOf', key.siteId);
    c.set('keyMode', modeOf(key));
    await next();
  };
}
