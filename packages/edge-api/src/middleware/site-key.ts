import { sha256Hex } from '@signet/sdk';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { fail } from '../http/errors.js';
import { findKeyByHash } from '../store/api-keys.js';

/** `keyId`: which of the site's keys called, for the admin log. */
export type SiteKeyEnv = { Variables: { siteId: string; keyId: string } };
export type OptionalSiteKeyEnv = { Variables: { siteKeyOf: string | null } };

const bearer = /^Bearer ([\x21-\x7e]{16,200})$/;

async function keyOf(c: Context) {
  const match = bearer.exec(c.req.header('authorization') ?? '');
  return match?.[1] ? findKeyByHash(c.env.DB, await sha256Hex(match[1])) : null;
}

function unauthorized(c: Context) {
  c.header('www-authenticate', 'Bearer realm="signet"');
  return fail(c, 'unauthorized', 'A valid site API key is required (Authorization: Bearer ...)');
}

/**
 * Admin routes: `Authorization: Bearer <site key>`. Keys are stored as SHA-256 only (S5), and
 * the site a key belongs to is the only site its routes can reach.
 */
export function requireSiteKey(): MiddlewareHandler<AppEnv & SiteKeyEnv> {
  return async (c, next) => {
    const key = await keyOf(c);
    if (!key) return unauthorized(c);
    c.set('siteId', key.siteId);
    c.set('keyId', key.id);
    await next();
  };
}

/**
 * Routes browsers and servers share: a server proves itself with the site key, a browser sends
 * none. A key that is given must be valid.
 */
export function identifySiteKey(): MiddlewareHandler<AppEnv & OptionalSiteKeyEnv> {
  return async (c, next) => {
    if (c.req.header('authorization') === undefined) {
      c.set('siteKeyOf', null);
      return next();
    }
    const key = await keyOf(c);
    if (!key) return unauthorized(c);
    c.set('siteKeyOf', key.siteId);
    await next();
  };
}
