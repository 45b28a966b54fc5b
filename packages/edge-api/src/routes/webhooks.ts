import {
  WebhookDeliveryQuerySchema,
  WebhookEndpointInputSchema,
  WebhookEndpointPatchSchema,
  WebhookTestInputSchema,
} from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { parseJsonBody, parseWith, queryObject } from '../http/validate.js';
import { requireFreshCaller, requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import { redeliver, sendTestEvent } from '../services/webhook-replay.js';
import {
  createWebhookEndpoint,
  removeWebhookEndpoint,
  rotateEndpointSecret,
  updateEndpoint,
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
  .patch('/v1/admin/webhooks/:id', requireFreshCaller(), async (c) => {
    const input = await parseJsonBody(c, WebhookEndpointPatchSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const updated = await updateEndpoint(c.env, c.var.siteId, c.req.param('id'), input.value);
    return updated.ok ? c.json(updated.value) : errorResponse(c, updated.error);
  })
  .delete('/v1/admin/webhooks/:id', requireFreshCaller(), async (c) => {
    const removed = await removeWebhookEndpoint(c.env.DB, c.var.siteId, c.req.param('id'));
    return removed.ok ? c.json(removed.value) : errorResponse(c, removed.error);
  })
  .post('/v1/admin/webhooks/:id/secret', requireFreshCaller(), async (c) => {
    const rotated = await rotateEndpointSecret(c.env, c.var.siteId, c.req.param('id'), new Date());
    if (!rotated.ok) return errorResponse(c, rotated.error);
    return c.json(rotated.value, 200, { 'cache-control': 'no-store' });
  })
  .post('/v1/admin/webhooks/:id/test', async (c) => {
    const input = await parseJsonBody(c, WebhookTestInputSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const id = c.req.param('id');
    const sent = await sendTestEvent(c.env, c.var.siteId, id, input.value.type, new Date());
    return sent.ok ? c.json(sent.value) : errorResponse(c, sent.error);
  })
  .get('/v1/admin/webhooks/:id/deliveries', async (c) => {
    const query = parseWith(WebhookDeliveryQuerySchema, queryObject(c));
    if (!query.ok) return errorResponse(c, query.error);
    const log = await webhookDeliveriesOf(c.env.DB, c.var.siteId, c.req.param('id'), query.value);
    return log.ok ? c.json(log.value) : errorResponse(c, log.error);
  })
  .post('/v1/admin/webhooks/:id/deliveries/:delivery/redeliver', async (c) => {
    const { id, delivery } = c.req.param();
    const sent = await redeliver(c.env, c.var.siteId, id, delivery, new Date());
    return sent.ok ? c.json(sent.value) : errorResponse(c, sent.error);
  });
