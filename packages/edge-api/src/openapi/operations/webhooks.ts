import {
  WebhookDeliveryListSchema,
  WebhookDeliveryQuerySchema,
  WebhookDeliverySchema,
  WebhookEndpointCreatedSchema,
  WebhookEndpointInputSchema,
  WebhookEndpointListSchema,
  WebhookEndpointPatchSchema,
  WebhookEndpointRemovedSchema,
  WebhookEndpointSchema,
  type WebhookEventType,
  WebhookSecretRotatedSchema,
  WebhookTestInputSchema,
} from '@signet/sdk';
import type { Operation, Parameter } from '../operation.js';

const endpointId: Parameter = {
  schema: { type: 'string' },
  description: 'The endpoint’s id (`wh_…`)',
};
const deliveryId: Parameter = {
  schema: { type: 'string' },
  description: 'The delivery’s id, which is the event’s `webhook-id` (`evt_…`)',
};
const deliveryExample = {
  id: 'evt_6f1c2b9a-8e7d-4c3b-a1f0-9e8d7c6b5a41.wh_3c1e7a9b-1d2f-4e5a-8b6c-7d9e0f1a2b3c',
  type: 'consent.confirmed',
  status: 'delivered',
  attempts: 1,
  lastStatus: 204,
  lastError: null,
  nextAttemptAt: null,
  deliveredAt: '2026-11-24T10:15:01.000Z',
  createdAt: '2026-11-24T10:15:00.000Z',
};

/** A4: the site's webhook endpoints; what they receive is the document's `webhooks` section. */
export const webhookOperations: Operation[] = [
  {
    method: 'get',
    path: '/v1/admin/webhooks',
    operationId: 'listWebhooks',
    tag: 'Site owner',
    summary: 'Webhook endpoints',
    description: 'The site’s endpoints with the events each receives; never their secrets.',
    security: 'siteKey',
    responses: { 200: { description: 'The endpoints', json: WebhookEndpointListSchema } },
  },
  {
    method: 'post',
    path: '/v1/admin/webhooks',
    operationId: 'createWebhook',
    tag: 'Site owner',
    summary: 'Add a webhook endpoint',
    description:
      'HTTPS to a public receiver, port 443 or 8443 (the `url` field says what is refused: addresses that are not public unicast in any spelling, local names, credentials); a refused URL is `invalid_input` on `url` with the reason. The answer holds the signing secret (`whsec_…`) this once. At most 10 endpoints a site (`conflict`).',
    security: 'siteKey',
    body: {
      schema: WebhookEndpointInputSchema,
      example: {
        url: 'https://shop.example/webhooks/signet',
        events: ['consent.confirmed', 'consent.withdrawn'],
        description: 'Shop newsletter list',
      },
    },
    responses: { 201: { description: 'Created', json: WebhookEndpointCreatedSchema } },
    errors: ['conflict', 'fresh_session_required'],
  },
  {
    method: 'delete',
    path: '/v1/admin/webhooks/{id}',
    operationId: 'removeWebhook',
    tag: 'Site owner',
    summary: 'Remove a webhook endpoint',
    description: 'Nothing more is sent to it; its delivery log goes with it.',
    security: 'siteKey',
    pathParameters: { id: endpointId },
    responses: { 200: { description: 'Removed', json: WebhookEndpointRemovedSchema } },
    errors: ['not_found', 'fresh_session_required'],
  },
  {
    method: 'patch',
    path: '/v1/admin/webhooks/{id}',
    operationId: 'updateWebhook',
    tag: 'Site owner',
    summary: 'Change a webhook endpoint',
    description:
      'Changes what is given of `url` (checked as on creation), `events` and `description` (null clears it); the secret stays. Events already queued are still sent.',
    security: 'siteKey',
    pathParameters: { id: endpointId },
    body: {
      schema: WebhookEndpointPatchSchema,
      example: { events: ['consent.confirmed', 'consent.withdrawn', 'subject.erased'] },
    },
    responses: { 200: { description: 'The endpoint now', json: WebhookEndpointSchema } },
    errors: ['not_found', 'fresh_session_required'],
  },
  {
    method: 'post',
    path: '/v1/admin/webhooks/{id}/secret',
    operationId: 'rotateWebhookSecret',
    tag: 'Site owner',
    summary: 'Rotate the signing secret',
    description:
      'A new secret, in this answer only. The previous one stays valid for 24 hours (`previousSecretExpiresAt`): until then every delivery carries one `v1,` signature under each secret in `webhook-signature`, so the receiver may switch at any moment (`verifyWebhook` takes both). A secret from before an earlier rotation ends now.',
    security: 'siteKey',
    pathParameters: { id: endpointId },
    responses: {
      200: {
        description: 'The new secret',
        json: WebhookSecretRotatedSchema,
        example: {
          id: 'wh_3c1e7a9b-1d2f-4e5a-8b6c-7d9e0f1a2b3c',
          secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw5I1+gMlJ8i0=',
          previousSecretExpiresAt: '2026-11-25T10:15:00.000Z',
        },
      },
    },
    errors: ['not_found', 'conflict', 'fresh_session_required'],
  },
  {
    method: 'post',
    path: '/v1/admin/webhooks/{id}/test',
    operationId: 'sendWebhookTest',
    tag: 'Site owner',
    summary: 'Send a test event',
    description:
      'An event of `type` with `test: true` and made-up data (its record is signed by no key of the site), sent now whatever events the endpoint names, signed like any other. The answer is its delivery after this first attempt; a failed one is retried on the schedule and shows in the log.',
    security: 'siteKey',
    pathParameters: { id: endpointId },
    body: { schema: WebhookTestInputSchema, example: { type: 'consent.confirmed' } },
    responses: {
      200: {
        description: 'The test event’s delivery',
        json: WebhookDeliverySchema,
        example: { ...deliveryExample, id: 'evt_test_0b7e2c4d.wh_3c1e7a9b' },
      },
    },
    errors: ['not_found'],
  },
  {
    method: 'get',
    path: '/v1/admin/webhooks/{id}/deliveries',
    operationId: 'listWebhookDeliveries',
    tag: 'Site owner',
    summary: 'Delivery log',
    description:
      'One page of the endpoint’s deliveries, newest first (`limit`, default 50, at most 200): state, attempts, last status or kind of error, and the next attempt. `next` is the `before` of the following page, null on the last.',
    security: 'siteKey',
    pathParameters: { id: endpointId },
    query: WebhookDeliveryQuerySchema,
    queryDescriptions: {
      limit: 'How many deliveries, 1 to 200 (default 50).',
    },
    responses: {
      200: {
        description: 'A page of the log',
        json: WebhookDeliveryListSchema,
        example: { deliveries: [deliveryExample], next: deliveryExample.id },
      },
    },
    errors: ['not_found'],
  },
  {
    method: 'post',
    path: '/v1/admin/webhooks/{id}/deliveries/{delivery}/redeliver',
    operationId: 'redeliverWebhook',
    tag: 'Site owner',
    summary: 'Send a delivery again',
    description:
      'Sends the event again now, with the same `webhook-id` (receivers deduplicate on it) and a fresh retry schedule, whatever its state (a `failed` one after its last attempt, too). `conflict` while an attempt of it is in flight. The answer is the delivery after this attempt.',
    security: 'siteKey',
    pathParameters: { id: endpointId, delivery: deliveryId },
    responses: {
      200: { description: 'The delivery', json: WebhookDeliverySchema, example: deliveryExample },
    },
    errors: ['not_found', 'conflict'],
  },
];

/** What each event tells the site's endpoint (`WebhookEvent` is its body). */
export const webhookEvents: Record<WebhookEventType, string> = {
  'consent.confirmed':
    'A person confirmed: the purpose is active from now. `record` is the signed `confirmed` record.',
  'consent.withdrawn':
    'A purpose was withdrawn (on the preferences page or by one-click unsubscribe). `record` is the signed `withdrawn` record.',
  'consent.expired':
    'A consent’s lifetime or end date passed (the cron). `record` is the signed `expired` record.',
  'subject.erased':
    'The person was erased (their own request, the site owner’s, or because their last purpose ended: withdrawn on the preferences page or by one-click unsubscribe, or lapsed): stop holding their data. `record` is the first purpose’s signed `erased` record.',
  'log.integrity':
    'A row in the site’s records was not written by Signet (its MAC is missing or does not verify: someone wrote into the database): it was quarantined and will never be signed, and the rest of the log goes on. Sent to every endpoint of the site, whatever events it names. `record` is the row’s id; `event`, `subject`, `purpose`, `request` and `at` are what the row claimed. The admin log has the same entry.',
  'consent.unhonoured':
    'A system the site lists in `honourSystems` has not acknowledged a withdrawal or erasure (`POST /v1/admin/acknowledgements`) within `honourWithinHours` of it (A5); once per record, system and endpoint. `system` names it; `record` is the signed `withdrawn` record, or the first `erased` record of the erasure.',
};
