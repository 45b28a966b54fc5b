import {
  WebhookDeliveryListSchema,
  WebhookEndpointCreatedSchema,
  WebhookEndpointInputSchema,
  WebhookEndpointListSchema,
  WebhookEndpointRemovedSchema,
  type WebhookEventType,
} from '@signet/sdk';
import type { Operation, Parameter } from '../operation.js';

const endpointId: Parameter = {
  schema: { type: 'string' },
  description: 'The endpoint’s id (`wh_…`)',
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
    method: 'get',
    path: '/v1/admin/webhooks/{id}/deliveries',
    operationId: 'listWebhookDeliveries',
    tag: 'Site owner',
    summary: 'Delivery log',
    description:
      'The endpoint’s latest 200 deliveries, newest first: state, attempts, last status or kind of error, and the next attempt.',
    security: 'siteKey',
    pathParameters: { id: endpointId },
    responses: { 200: { description: 'The log', json: WebhookDeliveryListSchema } },
    errors: ['not_found'],
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
