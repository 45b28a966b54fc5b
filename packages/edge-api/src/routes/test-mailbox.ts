import { TestMailboxQuerySchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { parseWith, queryObject } from '../http/validate.js';
import { requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import { testMailboxOf } from '../services/test-mode.js';

/**
 * The site's test mailbox (decision 0011): what its test keys' requests would have sent, for a
 * live or test key and the console; in every environment, unlike the development mailbox.
 */
export const testMailboxRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .use('/v1/admin/test-mailbox', requireSiteKey())
  .get('/v1/admin/test-mailbox', async (c) => {
    const query = parseWith(TestMailboxQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const mailbox = await testMailboxOf(c.env.DB, c.var.siteId, query.value.to ?? null);
    return c.json(mailbox, 200, { 'cache-control': 'no-store' });
  });
