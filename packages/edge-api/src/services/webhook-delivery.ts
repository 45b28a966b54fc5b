import {
  type ConsentWebhookEvent,
  type LogIntegrityWebhookEvent,
  signWebhook,
  type UnhonouredWebhookEvent,
  type WebhookEvent,
} from '@signet/sdk';
import type { Env } from '../env.js';
import { webhookAddressProblem } from '../http/webhook-address.js';
import { findReferenceSealed } from '../store/consent-requests.js';
import { findQuarantinedRecord } from '../store/quarantined-records.js';
import { findSealedRecord, toSignedRecord } from '../store/records.js';
import {
  leaseWebhookDelivery,
  listDueWebhookDeliveries,
  markWebhookAttemptFailed,
  markWebhookDelivered,
  postponeWebhookDelivery,
  type WebhookDeliveryRow,
} from '../store/webhook-deliveries.js';
import { findWebhookEndpoint, type WebhookEndpointRow } from '../store/webhook-endpoints.js';
import { openFor, sealedAs } from './subject-keys.js';
import { isTestDelivery, testEventOf } from './webhook-test-events.js';
import { webhookSecretsOf } from './webhooks.js';

const minute = 60_000;
/**
 * Waits after each failed attempt: 1 and 5 minutes, half an hour, 2, 5, then 10 hours; the last
 * of 13 attempts comes more than three days after the first (A4), then the event is given up.
 */
export const retryDelaysMs = [1, 5, 30, 120, 300, 600, 600, 600, 600, 600, 600, 600].map(
  (minutes) => minutes * minute,
);
const leaseMs = 2 * minute;
const timeoutMs = 10_000;

type Outcome = { ok: true; status: number } | { ok: false; status: number | null; error: string };

async function post(url: string, headers: Record<string, string>, body: string): Promise<Outcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Signet-Webhooks/1',
        ...headers,
      },
      body,
      // A redirect could lead anywhere, a private address included: it counts as a failure.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.status >= 200 && response.status < 300)
      return { ok: true, status: response.status };
    const redirect = response.status >= 300 && response.status < 400;
    const error = `HTTP ${response.status}${redirect ? ' (redirects are not followed)' : ''}`;
    return { ok: false, status: response.status, error };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === 'TimeoutError';
    return { ok: false, status: null, error: timedOut ? 'timeout' : 'network' };
  }
}

/** The event as sent: ids and the signed record, made now from the log (it holds no address). */
function eventOf(
  delivery: WebhookDeliveryRow,
  record: ReturnType<typeof toSignedRecord>,
  reference: string | null,
): ConsentWebhookEvent {
  return {
    id: delivery.id,
    type: delivery.type as ConsentWebhookEvent['type'],
    timestamp: delivery.created_at,
    data: {
      site: delivery.site_id,
      subject: delivery.subject_id,
      purpose: delivery.purpose_id,
      request: delivery.request_id,
      reference,
      record,
    },
  };
}

/** `consent.unhonoured`: the stop's signed record and the system that has not acknowledged it. */
function unhonouredEventOf(
  delivery: WebhookDeliveryRow,
  record: ReturnType<typeof toSignedRecord>,
): UnhonouredWebhookEvent {
  return {
    id: delivery.id,
    type: 'consent.unhonoured',
    timestamp: delivery.created_at,
    data: {
      site: delivery.site_id,
      subject: delivery.subject_id,
      purpose: delivery.purpose_id,
      request: delivery.request_id,
      system: delivery.system ?? '',
      record,
    },
  };
}

/** `log.integrity`: what the quarantined row claimed, made now from the quarantine. */
async function integrityEventOf(
  db: D1Database,
  delivery: WebhookDeliveryRow,
): Promise<LogIntegrityWebhookEvent | null> {
  const found = await findQuarantinedRecord(db, delivery.site_id, delivery.record_id);
  if (!found) return null;
  const row = found.record;
  return {
    id: delivery.id,
    type: 'log.integrity',
    timestamp: delivery.created_at,
    data: {
      site: delivery.site_id,
      record: found.id,
      reason: found.reason,
      event: String(row.event),
      subject: String(row.subject_id),
      purpose: String(row.purpose_id),
      request: row.request_id ?? null,
      at: String(row.created_at),
      quarantinedAt: found.quarantined_at,
    },
  };
}

/**
 * The shop's reference of the consent's request, opened now: after the person's erasure (their
 * data key is gone) it is null, also in events queued before.
 */
async function referenceOf(env: Env, delivery: WebhookDeliveryRow) {
  const sealed = await findReferenceSealed(env.DB, {
    siteId: delivery.site_id,
    subjectId: delivery.subject_id,
    purposeId: delivery.purpose_id,
    requestId: delivery.request_id,
  });
  if (sealed === null) return null;
  return openFor(env, delivery.subject_id, sealed, sealedAs.reference(delivery.subject_id));
}

/** The body of a delivery, or null while its record is not sealed yet. */
async function bodyOf(env: Env, delivery: WebhookDeliveryRow): Promise<WebhookEvent | null> {
  const db = env.DB;
  if (isTestDelivery(delivery)) return testEventOf(delivery);
  if (delivery.type === 'log.integrity') return integrityEventOf(db, delivery);
  const row = await findSealedRecord(db, delivery.site_id, delivery.record_id);
  if (!row) return null;
  const signed = toSignedRecord(row);
  return delivery.type === 'consent.unhonoured'
    ? unhonouredEventOf(delivery, signed)
    : eventOf(delivery, signed, await referenceOf(env, delivery));
}

async function attempt(
  env: Env,
  delivery: WebhookDeliveryRow,
  endpoint: WebhookEndpointRow,
  now: Date,
): Promise<'delivered' | 'failed' | 'waiting'> {
  const db = env.DB;
  // Checked again here: a URL stored before the rule, or written into D1 by hand, is never
  // fetched. No retry would change the answer, so the event is given up at once.
  const problem = webhookAddressProblem(endpoint.url, env.ENVIRONMENT);
  if (problem) return failed(db, delivery, { status: null, error: `url ${problem}` }, now, true);
  const event = await bodyOf(env, delivery);
  if (!event) {
    await postponeWebhookDelivery(db, delivery.id, new Date(now.getTime() + minute).toISOString());
    return 'waiting';
  }
  const body = JSON.stringify(event);
  const timestamp = Math.floor(now.getTime() / 1000);
  // During a rotation's overlap, one `v1,` signature per secret (Standard Webhooks), space-separated.
  const signatures = await Promise.all(
    (await webhookSecretsOf(env, endpoint, now)).map((secret) =>
      signWebhook(secret, delivery.id, timestamp, body),
    ),
  );
  const outcome = await post(
    endpoint.url,
    {
      'webhook-id': delivery.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatures.join(' '),
    },
    body,
  );
  if (outcome.ok) {
    await markWebhookDelivered(db, delivery.id, outcome.status, now.toISOString());
    return 'delivered';
  }
  return failed(db, delivery, outcome, now);
}

/**
 * A failed attempt: the next one follows the retry schedule, or after the last (or at once when
 * `final`) the event is given up.
 */
async function failed(
  db: D1Database,
  delivery: WebhookDeliveryRow,
  outcome: { status: number | null; error: string },
  now: Date,
  final = false,
) {
  const delay = final ? undefined : retryDelaysMs[delivery.attempts];
  await markWebhookAttemptFailed(db, delivery.id, {
    status: outcome.status,
    error: outcome.error,
    nextAttemptAt: new Date(now.getTime() + (delay ?? 0)).toISOString(),
    giveUp: delay === undefined,
  });
  return 'failed' as const;
}

/**
 * One attempt of a leased delivery. One that throws (its secret sealed by a master key no longer
 * configured, say) fails alone, on the retry schedule.
 */
function attemptLeased(
  env: Env,
  delivery: WebhookDeliveryRow,
  endpoint: WebhookEndpointRow,
  now: Date,
) {
  return attempt(env, delivery, endpoint, now).catch((error: unknown) => {
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : 'unknown';
    console.error(`signet: webhook delivery ${delivery.id} failed: ${detail}`);
    return failed(env.DB, delivery, { status: null, error: 'internal error' }, now);
  });
}

/**
 * Sends every due event, each under a lease so that no event is in flight twice. Called by the
 * cron and right after a change's records are sealed.
 */
export async function deliverDueWebhooks(env: Env, now: Date) {
  const db = env.DB;
  const due = await listDueWebhookDeliveries(db, now.toISOString(), 100);
  const endpoints = new Map<string, WebhookEndpointRow | null>();
  const tally = { due: due.length, delivered: 0, failed: 0, waiting: 0 };
  for (const delivery of due) {
    const until = new Date(now.getTime() + leaseMs).toISOString();
    if (!(await leaseWebhookDelivery(db, delivery.id, now.toISOString(), until))) continue;
    if (!endpoints.has(delivery.endpoint_id)) {
      endpoints.set(delivery.endpoint_id, await findWebhookEndpoint(db, delivery.endpoint_id));
    }
    const endpoint = endpoints.get(delivery.endpoint_id);
    // Its endpoint was deleted after the lease was taken: the cascade removes the row.
    if (!endpoint) continue;
    tally[await attemptLeased(env, delivery, endpoint, now)] += 1;
  }
  return tally;
}

/**
 * One delivery, attempted now (a test event, a redelivery) under the same lease as the cron's,
 * so it is never in flight twice; false when another attempt holds it.
 */
export async function deliverNow(
  env: Env,
  delivery: WebhookDeliveryRow,
  endpoint: WebhookEndpointRow,
  now: Date,
) {
  const until = new Date(now.getTime() + leaseMs).toISOString();
  if (!(await leaseWebhookDelivery(env.DB, delivery.id, now.toISOString(), until))) return false;
  await attemptLeased(env, delivery, endpoint, now);
  return true;
}
