import { WebhookEndpointInputSchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { parseJsonBody } from '../http/validate.js';
import { requireFreshCaller, requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import {
  createWebhookEndpoint,
  removeWebhookEndpoint,
  webhookDeliveriesOf,
  webhookEndpointsOf,
} from '../services/webhooks.js';

/** A4: the site's webhook endpoints and their delivery log. */
export const webhookRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .use('/v1/admin/webhooks', requireSiteKey())
  .use('/v1/admin/webhooks/*', requireSiteKey())
  .get('/v1/admin/webhooks', async (c) =>
    c.json({ webhooks: await webhookEndpointsOf(c.env.DB, c.var.siteId) }),
  )
  .post('/v1/admin/webhooks', requireFreshCaller(), async (c) => {
    const input = await parseJsonBody(c, WebhookEndpointInputSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const created = await createWebhookEndpoint(c.env, c.var.siteId, input.value, new Date());
    if (!created.ok) return errorResponse(c, created.error);
    return c.json(created.value, 201, { 'cache-control': 'no-store' });
  })
  .delete('/v1/admin/webhooks/:id', requireFreshCaller(), async (c) => {
    const removed = await removeWebhookEndpoint(c.env.DB, c.var.siteId, c.req.param('id'));
    return removed.ok ? c.json(removed.value) : errorResponse(c, removed.error);
  })
  .get('/v1/admin/webhooks/:id/deliveries', async (c) => {
    const log = await webhookDeliveriesOf(c.env.DB, c.var.siteId, c.req.param('id'));
    return log.ok ? c.json({ deliveries: log.value }) : errorResponse(c, log.error);
  });
