import { ProcessingRecordQuerySchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse, fail } from '../http/errors.js';
import { parseWith, queryObject } from '../http/validate.js';
import { requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import { processingRecordMarkdown, processingRecordPage } from '../pages/processing-record.js';
import { processingRecordOf } from '../services/processing-record.js';
import { findSite } from '../store/sites.js';

/** A2: the site's Art. 30 entry, as JSON, Markdown or a page, in German or English. */
export const processingRecordRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .use('/v1/admin/processing-record', requireSiteKey())
  .get('/v1/admin/processing-record', async (c) => {
    const query = parseWith(ProcessingRecordQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const site = await findSite(c.env.DB, c.var.siteId);
    if (!site) return fail(c, 'unknown_site', 'The site of this key no longer exists');
    const record = await processingRecordOf(c.env, site, query.value.locale, new Date());
    if (query.value.format === 'html') return processingRecordPage(c, record);
    if (query.value.format === 'md') {
      return c.body(processingRecordMarkdown(record), 200, {
        'content-type': 'text/markdown; charset=utf-8',
        'content-disposition': `attachment; filename="signet-art30-${record.site}-${record.locale}.md"`,
      });
    }
    return c.json(record);
  });
