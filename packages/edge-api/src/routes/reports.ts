import { ReportQuerySchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { parseWith, queryObject } from '../http/validate.js';
import { requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import { buildReport, reportCsv } from '../services/reports.js';

/** A1: the site owner's accountability report, as JSON or CSV (purpose ids are safe in CSV). */
export const reportRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .use('/v1/admin/reports', requireSiteKey())
  .get('/v1/admin/reports', async (c) => {
    const query = parseWith(ReportQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const report = await buildReport(c.env.DB, c.var.siteId, query.value, new Date());
    if (query.value.format === 'csv') {
      return c.body(reportCsv(report), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="signet-report-${report.site}-${report.from}-${report.to}.csv"`,
        'cache-control': 'no-store',
      });
    }
    return c.json(report, 200, { 'cache-control': 'no-store' });
  });
