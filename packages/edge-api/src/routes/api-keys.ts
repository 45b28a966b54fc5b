import { AdminEventQuerySchema, ApiKeyInputSchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { parseJsonBody, parseWith, queryObject } from '../http/validate.js';
import { requireFreshCaller, requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import { adminEventsOf, createKey, keysOf, revokeKey } from '../services/api-keys.js';

/** The site's API keys (created, named, revoked) and the log of what keys did. */
export const apiKeyRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .use('/v1/admin/keys', requireSiteKey())
  .use('/v1/admin/keys/*', requireSiteKey())
  .use('/v1/admin/events', requireSiteKey())
  .get('/v1/admin/keys', async (c) => c.json({ keys: await keysOf(c.env.DB, c.var.siteId) }))
  .post('/v1/admin/keys', requireFreshCaller(), async (c) => {
    const input = await parseJsonBody(c, ApiKeyInputSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const created = await createKey(c.env.DB, c.var.siteId, input.value, new Date());
    return c.json(created, 201, { 'cache-control': 'no-store' });
  })
  .delete('/v1/admin/keys/:id', requireFreshCaller(), async (c) => {
    const revoked = await revokeKey(c.env.DB, c.var.siteId, c.req.param('id'), new Date());
    return revoked.ok ? c.json(revoked.value) : errorResponse(c, revoked.error);
  })
  .get('/v1/admin/events', async (c) => {
    const query = parseWith(AdminEventQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    return c.json(await adminEventsOf(c.env.DB, c.var.siteId, query.value));
  });
