import { ConsentCheckQuerySchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { parseWith, queryObject } from '../http/validate.js';
import { requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import { checkConsent } from '../services/consent-check.js';

export const consentRoutes = new Hono<AppEnv & SiteKeyEnv>().get(
  '/v1/consents/check',
  requireSiteKey(),
  async (c) => {
    const query = parseWith(ConsentCheckQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const answer = await checkConsent(c.env.DB, c.env.INDEX_KEY, c.var.siteId, query.value);
    return c.json(answer, 200, { 'cache-control': 'no-store' });
  },
);
