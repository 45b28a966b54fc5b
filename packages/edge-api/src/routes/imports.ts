import { ImportQuerySchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse, fail } from '../http/errors.js';
import { idempotencyKeyOf, parseWith, queryObject } from '../http/validate.js';
import { requireFreshCaller, requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import { importConsents } from '../services/imports.js';
import { sealInBackground } from '../services/record-log.js';

function kindOf(contentType: string): 'csv' | 'ndjson' | null {
  if (/^text\/csv\b/i.test(contentType)) return 'csv';
  if (/^application\/(x-)?ndjson\b/i.test(contentType)) return 'ndjson';
  return null;
}

/**
 * M1: `POST /v1/admin/imports?format=&purpose=&dryRun=&firstRow=` with one call's rows as
 * `text/csv` (the header first) or `application/x-ndjson`; the site key or a fresh console
 * session. The CLI and SDK cut a file of any size into such calls, each with an
 * `Idempotency-Key`: a retry answers the first call's report.
 */
export const importRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .use('/v1/admin/imports', requireSiteKey(), requireFreshCaller())
  .post('/v1/admin/imports', async (c) => {
    const query = parseWith(ImportQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const idempotencyKey = idempotencyKeyOf(c);
    if (!idempotencyKey.ok) return errorResponse(c, idempotencyKey.error);
    const kind = kindOf(c.req.header('content-type') ?? '');
    if (!kind) {
      return fail(c, 'unsupported_media_type', 'Send the rows as text/csv or application/x-ndjson');
    }
    const report = await importConsents(c.env, c.var.siteId, {
      format: query.value.format,
      kind,
      // Decoded as UTF-8 whatever the type says (NDJSON is not `text/*` to the runtime).
      body: new TextDecoder().decode(await c.req.arrayBuffer()),
      purpose: query.value.purpose ?? null,
      dryRun: query.value.dryRun === 'true',
      firstRow: query.value.firstRow ?? 1,
      idempotencyKey: idempotencyKey.value,
    });
    if (!report.ok) return errorResponse(c, report.error);
    // Its own site only (as a confirmation, issue 23): imported records start no webhook, and
    // other sites' leftovers are the cron's; listing every site cost a read of every unsealed row.
    if (report.value.imported > 0 && !report.value.dryRun)
      sealInBackground(c.env, c.executionCtx, c.var.siteId);
    return c.json(report.value, 200, { 'cache-control': 'no-store' });
  });
