import { ReconfirmationPreviewQuerySchema, ReconfirmationRequestSchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse, fail } from '../http/errors.js';
import { parseJsonBody, parseWith, queryObject } from '../http/validate.js';
import { requireFreshCaller, requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import { sendAndSealInBackground } from '../services/outbox-sender.js';
import {
  previewReconfirmation,
  reconfirmationStatus,
  startReconfirmation,
} from '../services/reconfirmations.js';
import { readAlone } from '../store/reads.js';
import { siteRead } from '../store/sites.js';

/**
 * M1: `POST /v1/admin/reconfirmations {purpose, withoutEvidenceOnly?}` re-confirms a purpose's
 * imported consents by the normal double opt-in, paced by the site's daily cap (site key or a
 * fresh console session); `GET` answers the progress, and `GET …/preview` how many a start would
 * mail, before it starts.
 */
export const reconfirmationRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .use('/v1/admin/reconfirmations', requireSiteKey())
  .use('/v1/admin/reconfirmations/preview', requireSiteKey())
  .post('/v1/admin/reconfirmations', requireFreshCaller(), async (c) => {
    const input = await parseJsonBody(c, ReconfirmationRequestSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const publicUrl = c.env.PUBLIC_URL ?? new URL(c.req.url).origin;
    const now = new Date();
    const started = await startReconfirmation(c.env, c.var.siteId, input.value, publicUrl, now);
    if (!started.ok) return errorResponse(c, started.error);
    const { outboxIds, ...answer } = started.value;
    sendAndSealInBackground(c.env, c.executionCtx, outboxIds, now);
    return c.json(answer, 200, { 'cache-control': 'no-store' });
  })
  .get('/v1/admin/reconfirmations', async (c) => {
    const site = await readAlone(c.env.DB, siteRead(c.env.DB, c.var.siteId));
    if (!site) return fail(c, 'unknown_site', 'No such site');
    return c.json(await reconfirmationStatus(c.env, site), 200, { 'cache-control': 'no-store' });
  })
  .get('/v1/admin/reconfirmations/preview', async (c) => {
    const query = parseWith(ReconfirmationPreviewQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const preview = await previewReconfirmation(
      c.env,
      c.var.siteId,
      {
        purpose: query.value.purpose,
        withoutEvidenceOnly: query.value.withoutEvidenceOnly === 'true',
      },
      new Date(),
    );
    if (!preview.ok) return errorResponse(c, preview.error);
    return c.json(preview.value, 200, { 'cache-control': 'no-store' });
  });
