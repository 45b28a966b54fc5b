import { type Result, signetError, type WebhookDelivery, type WebhookEventType } from '@signet/sdk';
import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import {
  findWebhookDelivery,
  insertTestDelivery,
  requeueWebhookDelivery,
} from '../store/webhook-deliveries.js';
import type { WebhookEndpointRow } from '../store/webhook-endpoints.js';
import { deliverNow } from './webhook-delivery.js';
import { testDeliveryId } from './webhook-test-events.js';
import { endpointOfSite, toDelivery } from './webhooks.js';

const noEndpoint = (id: string): Result<never> => ({
  ok: false,
  error: signetError('not_found', `No webhook endpoint "${id}"`, 'id'),
});

/**
 * A test event of `type`, sent to the endpoint now (whatever events it names) and logged with
 * the others; a failed one is retried like any. The answer is its delivery after this attempt.
 */
export async function sendTestEvent(
  env: Env,
  siteId: string,
  endpointId: string,
  type: WebhookEventType,
  now: Date,
): Promise<Result<WebhookDelivery>> {
  const endpoint = await endpointOfSite(env.DB, siteId, endpointId);
  if (!endpoint) return noEndpoint(endpointId);
  const id = testDeliveryId(newId(), endpointId);
  await insertTestDelivery(env.DB, { id, endpointId, siteId, type, at: now.toISOString() });
  return attemptedNow(env, endpoint, id, now);
}

/**
 * The event again, now, with the same `webhook-id` (receivers deduplicate on it) and a fresh
 * retry schedule; `conflict` while an attempt of it is in flight.
 */
export async function redeliver(
  env: Env,
  siteId: string,
  endpointId: string,
  deliveryId: string,
  now: Date,
): Promise<Result<WebhookDelivery>> {
  const endpoint = await endpointOfSite(env.DB, siteId, endpointId);
  if (!endpoint) return noEndpoint(endpointId);
  if (!(await findWebhookDelivery(env.DB, endpointId, deliveryId))) {
    const message = `No delivery "${deliveryId}" of webhook endpoint "${endpointId}"`;
    return { ok: false, error: signetError('not_found', message, 'delivery') };
  }
  if (!(await requeueWebhookDelivery(env.DB, endpointId, deliveryId, now.toISOString()))) {
    const message = 'An attempt of this delivery is in flight: look again in a moment';
    return { ok: false, error: signetError('conflict', message, 'delivery') };
  }
  return attemptedNow(env, endpoint, deliveryId, now);
}

/** One attempt of the delivery now, then the delivery as the log shows it. */
async function attemptedNow(
  env: Env,
  endpoint: WebhookEndpointRow,
  deliveryId: string,
  now: Date,
): Promise<Result<WebhookDelivery>> {
  const queued = await findWebhookDelivery(env.DB, endpoint.id, deliveryId);
  if (queued) await deliverNow(env, queued, endpoint, now);
  const row = await findWebhookDelivery(env.DB, endpoint.id, deliveryId);
  // Only an endpoint removed meanwhile (its deliveries cascade) leaves no row.
  return row ? { ok: true, value: toDelivery(row) } : noEndpoint(endpoint.id);
}
