import type * as v from 'valibot';
import {
  type WebhookDeliveryList,
  WebhookDeliveryListSchema,
  WebhookDeliverySchema,
  WebhookEndpointCreatedSchema,
  type WebhookEndpointInput,
  WebhookEndpointListSchema,
  type WebhookEndpointPatch,
  WebhookEndpointRemovedSchema,
  WebhookEndpointSchema,
  type WebhookEventType,
  WebhookSecretRotatedSchema,
} from '../contract/webhooks.js';
import { everyItem } from './paging.js';
import { type CallOptions, type ServerOptions, serverCall } from './resilient-call.js';

/** Which page of a delivery log: older than `before` (a page's `next`), `limit` at most 200. */
export interface DeliveryPageParams {
  before?: string | undefined;
  limit?: number | undefined;
}

const path = (segment: string) => encodeURIComponent(segment);

/**
 * The site's webhook endpoints (`admin.webhooks`): create, list, change, remove, rotate the
 * secret, send test events, page through deliveries and redeliver one. How deliveries are made
 * (schedule, timeouts, order) is told at {@link verifyWebhook}.
 */
export function webhooksAdmin(options: ServerOptions) {
  const call = <S extends v.GenericSchema>(
    schema: S,
    route: string,
    init: { method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown } & CallOptions = {},
    callOptions: ServerOptions = options,
  ) => serverCall(callOptions, schema, route, init);
  const deliveries = (id: string, params: DeliveryPageParams = {}, o?: CallOptions) => {
    const search = new URLSearchParams();
    if (params.before !== undefined) search.set('before', params.before);
    if (params.limit !== undefined) search.set('limit', String(params.limit));
    const query = search.size ? `?${search}` : '';
    return call(WebhookDeliveryListSchema, `/v1/admin/webhooks/${path(id)}/deliveries${query}`, o);
  };
  return {
    /** The site's endpoints, with the events each receives; never their secrets. */
    list: (o?: CallOptions) => call(WebhookEndpointListSchema, '/v1/admin/webhooks', o),
    /** A new endpoint; its signing secret (`whsec_…`) is in this answer only: keep it. */
    create: (input: WebhookEndpointInput, o?: CallOptions) =>
      call(WebhookEndpointCreatedSchema, '/v1/admin/webhooks', {
        ...o,
        method: 'POST',
        body: input,
      }),
    /** Changes what is given of `url`, `events` and `description`; the secret stays. */
    update: (id: string, patch: WebhookEndpointPatch, o?: CallOptions) =>
      call(WebhookEndpointSchema, `/v1/admin/webhooks/${path(id)}`, {
        ...o,
        method: 'PATCH',
        body: patch,
      }),
    /** Removes the endpoint and its delivery log. */
    remove: (id: string, o?: CallOptions) =>
      call(WebhookEndpointRemovedSchema, `/v1/admin/webhooks/${path(id)}`, {
        ...o,
        method: 'DELETE',
      }),
    /**
     * A new secret, in this answer only. The previous one keeps signing for 24 hours
     * (`previousSecretExpiresAt`): verify with both (`secret: [next, previous]`) until then.
     * Never retried: a second rotation would end the secret your receivers still hold.
     */
    rotateSecret: (id: string, o?: CallOptions) =>
      call(
        WebhookSecretRotatedSchema,
        `/v1/admin/webhooks/${path(id)}/secret`,
        { ...o, method: 'POST' },
        { ...options, maxRetries: 0 },
      ),
    /**
     * Sends a test event of `type` now (`test: true`, made-up data), whatever events the endpoint
     * names; resolves to its delivery after this first attempt.
     */
    test: (id: string, type: WebhookEventType, o?: CallOptions) =>
      call(WebhookDeliverySchema, `/v1/admin/webhooks/${path(id)}/test`, {
        ...o,
        method: 'POST',
        body: { type },
      }),
    /** One page of the endpoint's deliveries, newest first; `next` is the `before` of the next. */
    deliveries,
    /**
     * Every delivery of the endpoint, newest first, page after page:
     * `for await (const delivery of admin.webhooks.allDeliveries(id))`; each item is a Result.
     */
    allDeliveries: (id: string, params: DeliveryPageParams = {}, o?: CallOptions) =>
      everyItem(
        (before: string | undefined) =>
          deliveries(id, { ...params, ...(before === undefined ? {} : { before }) }, o),
        (page: WebhookDeliveryList) => page.deliveries,
        (page) => page.next,
        params.before,
      ),
    /** Sends the delivery again now, same `webhook-id`, fresh retry schedule. */
    redeliver: (id: string, delivery: string, o?: CallOptions) =>
      call(
        WebhookDeliverySchema,
        `/v1/admin/webhooks/${path(id)}/deliveries/${path(delivery)}/redeliver`,
        { ...o, method: 'POST' },
      ),
  };
}

export type WebhooksAdmin = ReturnType<typeof webhooksAdmin>;
