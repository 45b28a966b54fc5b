import type { Context, MiddlewareHandler } from 'hono';
import { splitShardTag } from '../crypto/shard-tags.js';
import type { AppEnv, Env } from '../env.js';
import { fail } from '../http/errors.js';
import { jsonBodyOf } from '../http/validate.js';
import { shardOfSite, shardsAfterMiss } from '../store/directory.js';
import { shardEnv } from '../store/shards.js';

/** Paths whose last segment is a link token: the token names its shard. */
const tokenPath = /^\/(?:confirm|u|receipt)\/([^/]+)$/;
/** Paths that name their site: the directory names its shard. */
const sitePath = /^\/(?:v1\/sites|p)\/([^/]+)/;

/** The whole app again, for a request sent on to another shard after a miss. */
export type Dispatch = (
  request: Request,
  env: Env,
  ctx: Context['executionCtx'],
) => Promise<Response>;

/**
 * How a request found its shard: a credential or token names one (a bearer, a link token in
 * the path or the body), the directory's entry for its site does, or neither (shard 0).
 */
interface Routed {
  shard: number;
  by: 'bearer' | 'path-token' | 'body-token' | 'site' | 'none';
}

/** A JSON body's `token` or `site`, for the routes that start from one; null for anything else. */
async function bodyOf(c: Context): Promise<{ token?: unknown; site?: unknown } | null> {
  if (c.req.method !== 'POST') return null;
  // Hono keeps the text, and the parse is kept too: the route validates the same value.
  const body = await jsonBodyOf(c);
  return body && typeof body === 'object' ? body : null;
}

async function shardOfRequest(c: Context<AppEnv>): Promise<Routed> {
  const bearer = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (bearer) return { shard: splitShardTag(bearer).shard, by: 'bearer' };
  const token = tokenPath.exec(c.req.path)?.[1];
  if (token) return { shard: splitShardTag(token).shard, by: 'path-token' };
  const site = sitePath.exec(c.req.path)?.[1];
  if (site)
    return { shard: await shardOfSite(c.env.DIRECTORY, decodeURIComponent(site)), by: 'site' };
  const body = await bodyOf(c);
  if (typeof body?.token === 'string') {
    return { shard: splitShardTag(body.token).shard, by: 'body-token' };
  }
  if (typeof body?.site === 'string') {
    return { shard: await shardOfSite(c.env.DIRECTORY, body.site), by: 'site' };
  }
  return { shard: 0, by: 'none' };
}

/** Envs of requests sent on after a miss, with the shard they go to: not routed, not sent on. */
const sentOn = new WeakMap<Env, number>();

/** What a route answers when the credential or token opened nothing in the shard asked. */
const isMiss = (response: Response) => response.status === 401 || response.status === 404;

/**
 * A miss of a credential or token in the shard it names: if sites left that shard (a move), the
 * request is sent on, as it came, to each shard they live in now until one knows it. The
 * directory is asked only here, so a request that finds what it names costs nothing more.
 */
async function sendOn(c: Context<AppEnv>, all: Env, routed: Routed, dispatch: Dispatch) {
  const targets = await shardsAfterMiss(all.DIRECTORY, routed.shard);
  if (targets.length === 0) return null;
  const raw = c.req.raw;
  const hasBody = raw.method !== 'GET' && raw.method !== 'HEAD';
  // A key or session is refused before its route reads the body, so it is mostly still unread.
  // Read by the route without Hono's copy: it cannot be sent again.
  if (hasBody && raw.bodyUsed && Object.keys(c.req.bodyCache).length === 0) return null;
  const body = !hasBody
    ? undefined
    : raw.bodyUsed
      ? await c.req.arrayBuffer()
      : await raw.arrayBuffer();
  const headers = new Headers(raw.headers);
  headers.delete('content-length');
  for (const shard of targets) {
    const env = { ...all };
    sentOn.set(env, shard);
    const request = new Request(raw.url, { method: raw.method, headers, body });
    const response = await dispatch(request, env, c.executionCtx);
    if (!isMiss(response)) return response;
  }
  return null;
}

/**
 * Hands the request to its site's shard: after this middleware `c.env.DB` is the shard that holds
 * the site, so routes, services and stores work as they did with one database (decision 0009).
 * A token or key naming a shard the deployment does not have opens nothing. One that names a
 * shard its site has left since is sent on after the miss (`sendOn`).
 */
export function routeToShard(dispatch: Dispatch): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const forwarded = sentOn.get(c.env);
    const routed: Routed =
      forwarded === undefined ? await shardOfRequest(c) : { shard: forwarded, by: 'none' };
    const env = shardEnv(c.env, routed.shard);
    if (!env) return fail(c, 'not_found', 'No such link, session or key');
    const all = c.env;
    // A link's form post is small: kept, so that it can be sent on after a miss.
    if (routed.by === 'path-token' && c.req.method === 'POST') await c.req.arrayBuffer();
    c.env = env;
    await next();
    const named =
      routed.by === 'bearer' || routed.by === 'path-token' || routed.by === 'body-token';
    if (!named || !isMiss(c.res)) return;
    const found = await sendOn(c, all, routed, dispatch);
    if (!found) return;
    // Unset first: Hono would copy the miss's headers (its CSP nonce too) onto the new answer.
    c.res = undefined;
    c.res = found;
  };
}
