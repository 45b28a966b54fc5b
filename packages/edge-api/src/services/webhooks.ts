import {
  newWebhookSecret,
  type Result,
  signetError,
  type WebhookDelivery,
  type WebhookEndpoint,
  type WebhookEndpointCreated,
  type WebhookEndpointInputSchema,
  type WebhookEventType,
} from '@signet/sdk';
import type * as v from 'valibot';
import { masterKeys, open, seal } from '../crypto/data-keys.js';
import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { webhookAddressProblem } from '../http/webhook-address.js';
import { listDeliveriesOfEndpoint } from '../store/webhook-deliveries.js';
import {
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  listWebhookEndpoints,
  replaceSealedSecret,
  type WebhookEndpointRow,
} from '../store/webhook-endpoints.js';

type EndpointInput = v.InferOutput<typeof WebhookEndpointInputSchema>;

export const maxEndpointsPerSite = 10;

const secretContext = (id: string) => `webhook-secret:${id}`;

function toEndpoint(row: WebhookEndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventType[],
    description: row.description,
    createdAt: row.created_at,
  };
}

/** A new endpoint; its secret is in this answer only and stored sealed by the master key. */
export async function createWebhookEndpoint(
  env: Env,
  siteId: string,
  input: EndpointInput,
  now: Date,
): Promise<Result<WebhookEndpointCreated>> {
  const problem = webhookAddressProblem(input.url, env.ENVIRONMENT);
  if (problem) return { ok: false, error: signetError('invalid_input', `url ${problem}`, 'url') };
  const master = await masterKeys(env);
  const key = master.byKid.get(master.activeKid);
  if (!key) throw new Error('the active master key is missing');
  const id = `wh_${newId()}`;
  const secret = newWebhookSecret();
  const row = {
    id,
    siteId,
    url: input.url,
    events: input.events,
    description: input.description ?? null,
    secretSealed: await seal(key, secret, secretContext(id)),
    masterKid: master.activeKid,
    createdAt: now.toISOString(),
  };
  const inserted = await insertWebhookEndpoint(env.DB, row, maxEndpointsPerSite).run();
  if (inserted.meta.changes !== 1) {
    const message = `A site has at most ${maxEndpointsPerSite} webhook endpoints`;
    return { ok: false, error: signetError('conflict', message) };
  }
  return {
    ok: true,
    value: {
      id,
      url: row.url,
      events: row.events,
      description: row.description,
      createdAt: row.createdAt,
      secret,
    },
  };
}

/** The endpoint's secret in clear, for signing a delivery. */
export async function webhookSecretOf(env: Env, row: WebhookEndpointRow) {
  const master = await masterKeys(env);
  const key = master.byKid.get(row.master_kid);
  if (!key) throw new Error(`master key ${row.master_kid} is no longer configured`);
  return open(key, row.secret_sealed, secretContext(row.id));
}

/**
 * The endpoint's secret sealed anew by the active master key (rotation, S2), as the statement
 * that stores it; null when it is sealed by the active key already.
 */
export async function resealWebhookSecret(env: Env, row: WebhookEndpointRow) {
  const master = await masterKeys(env);
  if (row.master_kid === master.activeKid) return null;
  const active = master.byKid.get(master.activeKid);
  if (!active) throw new Error('the active master key is missing');
  const secret = await webhookSecretOf(env, row);
  return replaceSealedSecret(env.DB, {
    id: row.id,
    secretSealed: await seal(active, secret, secretContext(row.id)),
    masterKid: master.activeKid,
    previousKid: row.master_kid,
  });
}

export async function webhookEndpointsOf(db: D1Database, siteId: string) {
  return (await listWebhookEndpoints(db, siteId)).map(toEndpoint);
}

export async function removeWebhookEndpoint(
  db: D1Database,
  siteId: string,
  id: string,
): Promise<Result<{ deleted: true }>> {
  const result = await deleteWebhookEndpoint(db, siteId, id).run();
  if (result.meta.changes === 0) {
    return { ok: false, error: signetError('not_found', `No webhook endpoint "${id}"`, 'id') };
  }
  return { ok: true, value: { deleted: true } };
}

/** The delivery log of one of the site's endpoints, newest first. */
export async function webhookDeliveriesOf(
  db: D1Database,
  siteId: string,
  id: string,
): Promise<Result<WebhookDelivery[]>> {
  const endpoint = await findWebhookEndpoint(db, id);
  if (!endpoint || endpoint.site_id !== siteId) {
    return { ok: false, error: signetError('not_found', `No webhook endpoint "${id}"`, 'id') };
  }
  const rows = await listDeliveriesOfEndpoint(db, id, 200);
  return {
    ok: true,
    value: rows.map((row) => ({
      id: row.id,
      type: row.type as WebhookEventType,
      status: row.status,
      attempts: row.attempts,
      lastStatus: row.last_status,
      lastError: row.last_error,
      nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
      deliveredAt: row.delivered_at,
      createdAt: row.created_at,
    })),
  };
}
