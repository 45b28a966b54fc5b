import { FormQuerySchema, SiteIdSchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { parseWith, queryObject } from '../http/validate.js';
import { allowSiteOrigins, type SiteCorsEnv } from '../middleware/site-cors.js';
import { getFormConfig } from '../services/form-config.js';
import { smsAvailable } from '../sms/sms-sender.js';

export const formRoutes = new Hono<AppEnv & SiteCorsEnv>().get(
  '/v1/sites/:site/form',
  async (c) => {
    const site = parseWith(SiteIdSchema, c.req.param('site'));
    if (!site.ok) return errorResponse(c, { ...site.error, field: 'site' });
    const query = parseWith(FormQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const form = await getFormConfig(c.env.DB, site.value, query.value.locale, {
      now: new Date(),
      smsAvailable: smsAvailable(c.env),
    });
    if (!form.ok) return errorResponse(c, form.error);
    allowSiteOrigins(c, form.value.siteOrigins);
    // Public and identical for everyone: caches may keep it briefly.
    return c.json(form.value.form, 200, { 'cache-control': 'public, max-age=60' });
  },
);
