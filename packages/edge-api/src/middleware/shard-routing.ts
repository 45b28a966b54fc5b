import type { Context, MiddlewareHandler } from 'hono';
import { splitShardTag } from '../crypto/shard-tags.js';
import type { AppEnv } from '../env.js';
import { fail } from '../http/errors.js';
import { shardOfSite } from '../store/directory.js';
import { shardEnv } from '../store/shards.js';

/** Paths whose last segment is a link token: the token names its shard. */
const tokenPath = /^\/(?:confirm|u|receipt)\/([^/]+)$/;
/** Paths that name their site: the directory names its shard. */
const sitePath = /^\/(?:v1\/sites|p)\/([^/]+)/;

/** A JSON body's `token` or `site`, for the routes that start from one; null for anything else. */
async function bodyOf(c: Context): Promise<{ token?: unknown; site?: unknown } | null> {
  if (c.req.method !== 'POST') return null;
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return null;
  try {
    // Hono keeps the text: the route reads and validates the same body again.
    const body: unknown = JSON.parse(await c.req.text());
    return body && typeof body === 'object' ? body : null;
  } catch {
    return null;
  }
}

/**
 * The shard a request belongs to: a credential's or token's tag (a bearer, a link token in the
 * path or the body), else the directory's entry for the site the path or body names, else 0.
 */
async function shardOfRequest(c: Context<AppEnv>): Promise<number> {
  const bearer = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer) return splitShardTag(bearer).shard;
  const token = tokenPath.exec(c.req.path)?.[1];
  if (token) return splitShardTag(token).shard;
  const site = sitePath.exec(c.req.path)?.[1];
  if (site) return shardOfSite(c.env.DIRECTORY, decodeURIComponent(site));
  const body = await bodyOf(c);
  if (typeof body?.token === 'string') return splitShardTag(body.token).shard;
  if (typeof body?.site === 'string') return shardOfSite(c.env.DIRECTORY, body.site);
  return 0;
}

/**
 * Hands the request to its site's shard: after this middleware `c.env.DB` is the shard that holds
 * the site, so routes, services and stores work as they did with one database (decision 0009).
 * A token or key naming a shard the deployment does not have opens nothing.
 */
export function routeToShard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const env = shardEnv(c.env, await shardOfRequest(c));
    if (!env) return fail(c, 'not_found', 'No such link, session or key');
    c.env = env;
    await next();
  };
}
