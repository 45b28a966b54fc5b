import { FormQuerySchema, SiteIdSchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { parseWith, queryObject } from '../http/validate.js';
import { ownOrigin } from '../middleware/same-origin.js';
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
    const page = c.req.header('origin') ?? null;
    const form = await getFormConfig(c.env.DB, site.value, query.value.locale, {
      now: new Date(),
      smsAvailable: smsAvailable(c.env),
      origin: { page, own: ownOrigin(c) },
    });
    if (!form.ok) {
      // The refused page may read why, so that the element can tell the site's owner.
      if (page && form.error.code === 'origin_not_allowed') allowSiteOrigins(c, [page]);
      return errorResponse(c, form.error);
    }
    allowSiteOrigins(c, form.value.siteOrigins);
    // Public and identical for everyone: caches may keep it briefly.
    return c.json(form.value.form, 200, { 'cache-control': 'public, max-age=60' });
  },
);
