import * as v from 'valibot';
import { UnhonouredDataSchema } from './acknowledgements.js';
import { noControlCharacters } from './common.js';
import { SignedRecordSchema } from './records.js';

/** The events about a person's consent: each carries the signed record of the change. */
export const consentEventTypes = [
  'consent.confirmed',
  'consent.withdrawn',
  'consent.expired',
  'subject.erased',
] as const;
/** The signed record's event that each consent event carries (the trigger of migration 0011). */
export const recordEventOfConsentEvent = {
  'consent.confirmed': 'confirmed',
  'consent.withdrawn': 'withdrawn',
  'consent.expired': 'expired',
  'subject.erased': 'erased',
} as const satisfies Record<(typeof consentEventTypes)[number], string>;

export const webhookEventTypes = [
  ...consentEventTypes,
  'log.integrity',
  'consent.unhonoured',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** `POST /v1/admin/webhooks`: an endpoint of the site's (HTTPS; see the API for the rules). */
export const WebhookEndpointInputSchema = v.strictObject({
  url: v.pipe(
    v.string(),
    v.maxLength(2048),
    v.url('must be a URL'),
    v.description(
      'Outside development: `https`, port 443 or 8443, no user name or password, and a public name or public unicast address. Refused: every IP literal that is not public unicast, in any spelling (`2130706433`, `0x7f000001` and `127.1` are 127.0.0.1; IPv4-mapped, IPv4-compatible, NAT64 `64:ff9b::/96` and 6to4 addresses are judged by the IPv4 address they carry), and names that are `localhost` or end in `.localhost`, `.local`, `.internal` or `.home.arpa` (with a trailing dot too), or have no domain. A name is resolved by Cloudflare at each delivery, and a Worker cannot reach private addresses through DNS there; the checks on literals guard other runtimes too. The URL is checked again before every delivery (a refused one fails at once, never fetched) and redirects are not followed. In development, `http` and any port to this machine too (`localhost`, `127.0.0.1`, `[::1]`), and any port elsewhere.',
    ),
  ),
  events: v.pipe(
    v.array(v.picklist(webhookEventTypes)),
    v.minLength(1, 'must name at least one event'),
    v.check((events) => new Set(events).size === events.length, 'names an event twice'),
  ),
  description: v.optional(
    v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200), noControlCharacters),
  ),
});
export type WebhookEndpointInput = v.InferInput<typeof WebhookEndpointInputSchema>;

export const WebhookEndpointSchema = v.object({
  id: v.string(),
  url: v.string(),
  events: v.array(v.picklist(webhookEventTypes)),
  description: v.nullable(v.string()),
  createdAt: v.string(),
  /** After a rotation: until when deliveries are signed with the previous secret too, else null. */
  previousSecretExpiresAt: v.nullable(v.string()),
});
export type WebhookEndpoint = v.InferOutput<typeof WebhookEndpointSchema>;

/** The answer to creating an endpoint: its signing secret, this once (`whsec_…`). */
export const WebhookEndpointCreatedSchema = v.object({
  ...WebhookEndpointSchema.entries,
  secret: v.string(),
});
export type WebhookEndpointCreated = v.InferOutput<typeof WebhookEndpointCreatedSchema>;

export const WebhookEndpointListSchema = v.object({ webhooks: v.array(WebhookEndpointSchema) });

/** `PATCH /v1/admin/webhooks/{id}`: what changes (at least one field); the secret stays. */
export const WebhookEndpointPatchSchema = v.pipe(
  v.strictObject({
    url: v.optional(WebhookEndpointInputSchema.entries.url),
    events: v.optional(WebhookEndpointInputSchema.entries.events),
    description: v.optional(
      v.nullable(
        v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200), noControlCharacters),
      ),
    ),
  }),
  v.check((patch) => Object.keys(patch).length > 0, 'must change url, events or description'),
);
export type WebhookEndpointPatch = v.InferInput<typeof WebhookEndpointPatchSchema>;

/** How long the previous secret stays valid after a rotation. */
export const webhookSecretOverlapHours = 24;

/**
 * `POST /v1/admin/webhooks/{id}/secret`: the new secret, this once. Until `previousSecretExpiresAt`
 * every delivery carries a `v1,` signature under each of the two secrets, so a receiver verifies
 * with either (`verifyWebhook` takes a list) and may switch whenever it likes.
 */
export const WebhookSecretRotatedSchema = v.object({
  id: v.string(),
  secret: v.string(),
  previousSecretExpiresAt: v.string(),
});
export type WebhookSecretRotated = v.InferOutput<typeof WebhookSecretRotatedSchema>;

/** `POST /v1/admin/webhooks/{id}/test`: a test event of this type, sent now. */
export const WebhookTestInputSchema = v.strictObject({ type: v.picklist(webhookEventTypes) });

/** `DELETE /v1/admin/webhooks/{id}`: the endpoint and its delivery log are gone. */
export const WebhookEndpointRemovedSchema = v.object({ deleted: v.literal(true) });

/** One event's delivery to one endpoint, as the delivery log shows it. */
export const WebhookDeliverySchema = v.object({
  id: v.string(),
  type: v.picklist(webhookEventTypes),
  status: v.picklist(['pending', 'delivered', 'failed']),
  attempts: v.number(),
  lastStatus: v.nullable(v.number()),
  lastError: v.nullable(v.string()),
  nextAttemptAt: v.nullable(v.string()),
  deliveredAt: v.nullable(v.string()),
  createdAt: v.string(),
});
/** One page of a delivery log, newest first; `next` is the `before` of the following page. */
export const WebhookDeliveryListSchema = v.object({
  deliveries: v.array(WebhookDeliverySchema),
  next: v.nullable(v.string()),
});
export type WebhookDeliveryList = v.InferOutput<typeof WebhookDeliveryListSchema>;

export const WebhookDeliveryQuerySchema = v.strictObject({
  before: v.optional(
    v.pipe(
      v.string(),
      v.maxLength(300),
      v.description('The `next` of the previous page: the deliveries older than that one.'),
    ),
  ),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,3}$/, 'must be 1 to 200'),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(200),
    ),
    '50',
  ),
});
export type WebhookDelivery = v.InferOutput<typeof WebhookDeliverySchema>;

/**
 * A consent event's body: ids and the signed record of the change, never a readable address or
 * number. `subject.erased` names the first purpose's `erased` record.
 */
const testFlag = v.optional(
  v.pipe(
    v.literal(true),
    v.description(
      'Only on a test event (`POST /v1/admin/webhooks/{id}/test`): its data is made up, and its record is signed by no key of the site. Never act on one.',
    ),
  ),
);

export const ConsentWebhookEventSchema = v.object({
  id: v.string(),
  type: v.picklist(consentEventTypes),
  timestamp: v.string(),
  test: testFlag,
  data: v.object({
    site: v.string(),
    subject: v.string(),
    purpose: v.string(),
    request: v.nullable(v.string()),
    /**
     * The shop's `reference` of the request that asked for this consent (for a withdrawal or an
     * expiry, the one that confirmed it); null without one, and after the person's erasure.
     */
    reference: v.nullable(v.string()),
    record: SignedRecordSchema,
  }),
});

/**
 * `log.integrity`: a row in the site's records that the service did not write (its MAC is
 * missing or wrong, decision 0005) was found, quarantined and never signed. `record` is the row's
 * id; `event`, `subject`, `purpose`, `request` and `at` are what the row claimed.
 */
export const LogIntegrityWebhookEventSchema = v.object({
  id: v.string(),
  type: v.literal('log.integrity'),
  timestamp: v.string(),
  test: testFlag,
  data: v.object({
    site: v.string(),
    record: v.string(),
    reason: v.picklist(['missing', 'mismatch']),
    event: v.string(),
    subject: v.string(),
    purpose: v.string(),
    request: v.nullable(v.string()),
    at: v.string(),
    quarantinedAt: v.string(),
  }),
});

/**
 * `consent.unhonoured` (A5): a system the site lists has not acknowledged this withdrawal or
 * erasure within the site's `honourWithinHours`; once per record and system.
 */
export const UnhonouredWebhookEventSchema = v.object({
  id: v.string(),
  type: v.literal('consent.unhonoured'),
  timestamp: v.string(),
  test: testFlag,
  data: UnhonouredDataSchema,
});

/** A webhook's body; `type` says which it is. */
export const WebhookEventSchema = v.variant('type', [
  ConsentWebhookEventSchema,
  LogIntegrityWebhookEventSchema,
  UnhonouredWebhookEventSchema,
]);
export type WebhookEvent = v.InferOutput<typeof WebhookEventSchema>;
export type ConsentWebhookEvent = v.InferOutput<typeof ConsentWebhookEventSchema>;
export type LogIntegrityWebhookEvent = v.InferOutput<typeof LogIntegrityWebhookEventSchema>;
export type UnhonouredWebhookEvent = v.InferOutput<typeof UnhonouredWebhookEventSchema>;
