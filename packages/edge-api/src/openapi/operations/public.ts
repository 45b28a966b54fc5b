import {
  ConsentRequestAcceptedSchema,
  ConsentRequestSchema,
  FormConfigSchema,
  FormQuerySchema,
  HealthSchema,
  SiteIdSchema,
} from '@signet/sdk';
import type { Operation } from '../operation.js';

const exampleWordingVersion = '0'.repeat(64);

export const publicOperations: Operation[] = [
  {
    method: 'get',
    path: '/v1/health',
    operationId: 'getHealth',
    tag: 'Public',
    summary: 'Health',
    description: 'Answers `{ "status": "ok" }` with the API version while the worker runs.',
    security: 'none',
    responses: { 200: { description: 'Running', json: HealthSchema } },
  },
  {
    method: 'get',
    path: '/v1/sites/{site}/form',
    operationId: 'getForm',
    tag: 'Public',
    summary: 'The form of a site',
    description:
      'Purposes that have not ended, each with its wording in the asked locale and the wording’s version (SHA-256 of its canonical text), the controller and the privacy link. A consent request names the versions it showed. Public and the same for everyone: caches may keep it for 60 seconds.',
    security: 'none',
    pathParameters: { site: { schema: SiteIdSchema, description: 'The site’s id' } },
    query: FormQuerySchema,
    queryDescriptions: { locale: 'Language of the wordings; the site’s default when absent' },
    responses: { 200: { description: 'The form’s configuration', json: FormConfigSchema } },
    errors: ['unknown_site'],
  },
  {
    method: 'post',
    path: '/v1/consent-requests',
    operationId: 'createConsentRequest',
    tag: 'Public',
    summary: 'Start a double opt-in',
    description:
      'Stores a pending request and mails the confirmation link (or texts it, for SMS and phone purposes). The answer is the same `202` for new, pending, confirmed and over-limit addresses, so it tells nobody who is known. A browser sends its `Origin`, which must be one of the site’s; a call without one (a shop’s server) needs the site key, and only then may carry `evidence` of what the checkout saw. `pageUrl` must be on one of the site’s origins.',
    security: 'optionalSiteKey',
    headers: {
      'Idempotency-Key': {
        schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,200}$' },
        description:
          'Repeating a request with the same key (scoped to its caller) within a day answers the same and sends nothing twice; another body with the same key is `idempotency_conflict`. Only a keyed hash of the key is stored, and an erasure of the person deletes it.',
      },
    },
    body: {
      schema: ConsentRequestSchema,
      example: {
        site: 'demo',
        email: 'person@example.org',
        purposes: [{ id: 'newsletter', wordingVersion: exampleWordingVersion }],
        locale: 'en',
        pageUrl: 'https://shop.example/newsletter',
      },
    },
    responses: {
      202: { description: 'Accepted (whatever the address)', json: ConsentRequestAcceptedSchema },
    },
    errors: [
      'unknown_site',
      'unknown_purpose',
      'outdated_wording',
      'origin_not_allowed',
      'rate_limited',
      'idempotency_conflict',
      'turnstile_failed',
      'conflict',
      'sms_not_configured',
    ],
  },
];
