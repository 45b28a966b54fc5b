import { sha256Hex } from '@signet/sdk';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';
import { fail } from '../http/errors.js';
import { findSiteIdByKeyHash } from '../store/api-keys.js';

export type SiteKeyEnv = { Variables: { siteId: string } };

/**
 * Admin routes: `Authorization: Bearer <site key>`. Keys are stored as SHA-256 only (S5), and
 * the site a key belongs to is the only site its routes can reach.
 */
export function requireSiteKey(): MiddlewareHandler<AppEnv & SiteKeyEnv> {
  return async (c, next) => {
    const match = /^Bearer ([\x21-\x7e]{16,200})$/.exec(c.req.header('authorization') ?? '');
    const siteId = match?.[1]
      ? await findSiteIdByKeyHash(c.env.DB, await sha256Hex(match[1]))
      : null;
    if (!siteId) {
      c.header('www-authenticate', 'Bearer realm="signet"');
      return fail(
        c,
        'unauthorized',
        'A valid site API key is required (Authorization: Bearer ...)',
      );
    }
    c.set('siteId', siteId);
    await next();
  };
}
