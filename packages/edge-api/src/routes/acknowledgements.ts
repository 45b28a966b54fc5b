import { AcknowledgementInputSchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { parseJsonBody } from '../http/validate.js';
import { requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import { acknowledge, acknowledgementStatus } from '../services/acknowledgements.js';
import { sealInBackground } from '../services/record-log.js';

/** A5: the owner's systems acknowledge withdrawals and erasures; what still waits. */
export const acknowledgementRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .use('/v1/admin/acknowledgements', requireSiteKey())
  .get('/v1/admin/acknowledgements', async (c) =>
    c.json(await acknowledgementStatus(c.env.DB, c.var.siteId, new Date()), 200, {
      'cache-control': 'no-store',
    }),
  )
  .post('/v1/admin/acknowledgements', async (c) => {
    const input = await parseJsonBody(c, AcknowledgementInputSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const done = await acknowledge(c.env, c.var.siteId, input.value, new Date());
    if (!done.ok) return errorResponse(c, done.error);
    if (done.value.created) sealInBackground(c.env, c.executionCtx);
    return c.json(done.value, done.value.created ? 201 : 200);
  });
