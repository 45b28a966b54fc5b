import * as v from 'valibot';
import { noControlCharacters } from './common.js';
import { SignedRecordSchema } from './records.js';

/** The events about a person's consent: each carries the signed record of the change. */
export const consentEventTypes = [
  'consent.confirmed',
  'consent.withdrawn',
  'consent.expired',
  'subject.erased',
] as const;
export const webhookEventTypes = [...consentEventTypes, 'log.integrity'] as const;
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
});
export type WebhookEndpoint = v.InferOutput<typeof WebhookEndpointSchema>;

/** The answer to creating an endpoint: its signing secret, this once (`whsec_…`). */
export const WebhookEndpointCreatedSchema = v.object({
  ...WebhookEndpointSchema.entries,
  secret: v.string(),
});
export type WebhookEndpointCreated = v.InferOutput<typeof WebhookEndpointCreatedSchema>;

export const WebhookEndpointListSchema = v.object({ webhooks: v.array(WebhookEndpointSchema) });

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
export const WebhookDeliveryListSchema = v.object({ deliveries: v.array(WebhookDeliverySchema) });
export type WebhookDelivery = v.InferOutput<typeof WebhookDeliverySchema>;

/**
 * A consent event's body: ids and the signed record of the change, never a readable address or
 * number. `subject.erased` names the first purpose's `erased` record.
 */
export const ConsentWebhookEventSchema = v.object({
  id: v.string(),
  type: v.picklist(consentEventTypes),
  timestamp: v.string(),
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

/** A webhook's body; `type` says which of the two it is. */
export const WebhookEventSchema = v.variant('type', [
  ConsentWebhookEventSchema,
  LogIntegrityWebhookEventSchema,
]);
export type WebhookEvent = v.InferOutput<typeof WebhookEventSchema>;
export type ConsentWebhookEvent = v.InferOutput<typeof ConsentWebhookEventSchema>;
export type LogIntegrityWebhookEvent = v.InferOutput<typeof LogIntegrityWebhookEventSchema>;
