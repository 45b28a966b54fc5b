import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../env.js';
import { shardDatabases } from '../store/shards.js';
import { isOriginOfAnySite } from '../store/sites.js';
import { requestIdHeader } from './request-id.js';
import { ownOrigin } from './same-origin.js';

export type SiteCorsEnv = { Variables: { siteOrigins?: readonly string[] } };

/**
 * Whether any site of the deployment lists the origin: the request's own shard first, so a site's
 * page is answered from its shard alone; the others only for an origin that one does not list
 * (a preflight carries no body, so its route may not know the site's shard).
 */
async function isOriginOfAnySiteOf(env: AppEnv['Bindings'], origin: string) {
  if (await isOriginOfAnySite(env.DB, origin)) return true;
  for (const db of shardDatabases(env)) {
    if (db !== env.DB && (await isOriginOfAnySite(db, origin))) return true;
  }
  return false;
}

const corsOptions = {
  allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
  allowHeaders: ['content-type', 'idempotency-key', 'authorization'],
  maxAge: 600,
};

/**
 * A route that has read its site names the site's origins, so that answering the request's
 * Origin costs no query of its own (a public write is one read and one batch).
 */
export function allowSiteOrigins(c: Context, origins: readonly string[]) {
  c.set('siteOrigins', origins);
}

/**
 * CORS for the browser-facing API: an origin is answered only if some site lists it. Which site
 * a request may act for is checked again in the service, against the site the body names (S5).
 * Preflights carry no body, so they look the origin up among all sites; other requests first
 * ask the site their route read, and look up only when it did not name it (errors, mostly).
 *
 * `onlyTheSite`: once the route has named its site, only that site's origins are answered (a
 * person's session routes: another site's page must not read or act on a session it got hold
 * of). An answer that named no site (401 without a session) still goes to any site's origin, so
 * the element there can say the session ended.
 */
export function siteCors(
  options: { onlyTheSite?: boolean } = {},
): MiddlewareHandler<AppEnv & SiteCorsEnv> {
  const preflight = cors({
    ...corsOptions,
    origin: async (origin, c) =>
      origin && (await isOriginOfAnySiteOf(c.env, origin)) ? origin : null,
  });
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    await next();
    c.header('Vary', 'Origin', { append: true });
    const origin = c.req.header('origin');
    // The hosted pages call from the API's own origin, which needs no CORS answer.
    if (!origin || origin === ownOrigin(c)) return;
    const named = c.get('siteOrigins');
    const allowed =
      named?.includes(origin) ||
      ((!options.onlyTheSite || named === undefined) && (await isOriginOfAnySiteOf(c.env, origin)));
    if (allowed) {
      c.header('Access-Control-Allow-Origin', origin);
      // Without it a page's script cannot read the id to quote it.
      c.header('Access-Control-Expose-Headers', requestIdHeader);
    }
  };
}
