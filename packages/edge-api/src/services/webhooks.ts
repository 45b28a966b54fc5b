import {
  newWebhookSecret,
  type Result,
  signetError,
  type WebhookDelivery,
  type WebhookDeliveryList,
  type WebhookEndpoint,
  type WebhookEndpointCreated,
  type WebhookEndpointInputSchema,
  type WebhookEndpointPatchSchema,
  type WebhookEventType,
  type WebhookSecretRotated,
  webhookSecretOverlapHours,
} from '@signet/sdk';
import type * as v from 'valibot';
import { masterKeys, open, seal } from '../crypto/data-keys.js';
import { newId } from '../crypto/tokens.js';
import type { Env } from '../env.js';
import { webhookAddressProblem } from '../http/webhook-address.js';
import { listDeliveriesOfEndpoint, type WebhookDeliveryRow } from '../store/webhook-deliveries.js';
import {
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  listWebhookEndpoints,
  replaceSealedSecret,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  type WebhookEndpointRow,
} from '../store/webhook-endpoints.js';

type EndpointInput = v.InferOutput<typeof WebhookEndpointInputSchema>;
type EndpointPatch = v.InferOutput<typeof WebhookEndpointPatchSchema>;

export const maxEndpointsPerSite = 10;

const secretContext = (id: string) => `webhook-secret:${id}`;
const previousSecretContext = (id: string) => `webhook-secret-previous:${id}`;

const notFound = (id: string) =>
  ({ ok: false, error: signetError('not_found', `No webhook endpoint "${id}"`, 'id') }) as const;

/** The previous secret's end, while it is still valid at `now`; else null. */
function previousUntil(row: WebhookEndpointRow, now: Date) {
  const until = row.previous_secret_sealed ? row.previous_secret_until : null;
  return until && Date.parse(until) > now.getTime() ? until : null;
}

function toEndpoint(row: WebhookEndpointRow, now = new Date()): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventType[],
    description: row.description,
    createdAt: row.created_at,
    previousSecretExpiresAt: previousUntil(row, now),
  };
}

/** The site's endpoint by id, or null (another site's is null too). */
export async function endpointOfSite(db: D1Database, siteId: string, id: string) {
  const row = await findWebhookEndpoint(db, id);
  return row && row.site_id === siteId ? row : null;
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
      previousSecretExpiresAt: null,
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
 * The secrets a delivery at `now` is signed with: the endpoint's secret and, during a rotation's
 * overlap, the previous one.
 */
export async function webhookSecretsOf(env: Env, row: WebhookEndpointRow, now: Date) {
  const secrets = [await webhookSecretOf(env, row)];
  if (row.previous_secret_sealed && previousUntil(row, now)) {
    const master = await masterKeys(env);
    const key = master.byKid.get(row.master_kid);
    if (!key) throw new Error(`master key ${row.master_kid} is no longer configured`);
    secrets.push(await open(key, row.previous_secret_sealed, previousSecretContext(row.id)));
  }
  return secrets;
}

/**
 * The endpoint's secrets sealed anew by the active master key (rotation, S2), as the statement
 * that stores them; null when they are sealed by the active key already.
 */
export async function resealWebhookSecret(env: Env, row: WebhookEndpointRow) {
  const master = await masterKeys(env);
  if (row.master_kid === master.activeKid) return null;
  const active = master.byKid.get(master.activeKid);
  const old = master.byKid.get(row.master_kid);
  if (!active) throw new Error('the active master key is missing');
  if (!old) throw new Error(`master key ${row.master_kid} is no longer configured`);
  const secret = await webhookSecretOf(env, row);
  const previous = row.previous_secret_sealed
    ? await open(old, row.previous_secret_sealed, previousSecretContext(row.id))
    : null;
  return replaceSealedSecret(env.DB, {
    id: row.id,
    secretSealed: await seal(active, secret, secretContext(row.id)),
    previousSecretSealed: previous && (await seal(active, previous, previousSecretContext(row.id))),
    masterKid: master.activeKid,
    previousKid: row.master_kid,
  });
}

/**
 * A new secret, shown this once. The one it replaces stays valid for the overlap (deliveries are
 * signed with both), so receivers switch without a delivery failing verification; a secret from
 * before an earlier rotation ends now.
 */
export async function rotateEndpointSecret(
  env: Env,
  siteId: string,
  id: string,
  now: Date,
): Promise<Result<WebhookSecretRotated>> {
  const row = await endpointOfSite(env.DB, siteId, id);
  if (!row) return notFound(id);
  const master = await masterKeys(env);
  const active = master.byKid.get(master.activeKid);
  if (!active) throw new Error('the active master key is missing');
  const current = await webhookSecretOf(env, row);
  const secret = newWebhookSecret();
  const until = new Date(now.getTime() + webhookSecretOverlapHours * 3_600_000).toISOString();
  const result = await rotateWebhookSecret(env.DB, {
    siteId,
    id,
    secretSealed: await seal(active, secret, secretContext(id)),
    previousSealed: await seal(active, current, previousSecretContext(id)),
    masterKid: master.activeKid,
    openedKid: row.master_kid,
    openedSealed: row.secret_sealed,
    until,
  }).run();
  if (result.meta.changes !== 1) {
    // Another rotation (or the master key's) changed the row since it was read.
    return { ok: false, error: signetError('conflict', 'The secret changed meanwhile: try again') };
  }
  return { ok: true, value: { id, secret, previousSecretExpiresAt: until } };
}

/** Changes an endpoint's URL (checked as on creation), events or description. */
export async function updateEndpoint(
  env: Env,
  siteId: string,
  id: string,
  patch: EndpointPatch,
): Promise<Result<WebhookEndpoint>> {
  if (patch.url !== undefined) {
    const problem = webhookAddressProblem(patch.url, env.ENVIRONMENT);
    if (problem) return { ok: false, error: signetError('invalid_input', `url ${problem}`, 'url') };
  }
  const row = await updateWebhookEndpoint(env.DB, siteId, id, patch);
  return row ? { ok: true, value: toEndpoint(row) } : notFound(id);
}

export async function webhookEndpointsOf(db: D1Database, siteId: string) {
  return (await listWebhookEndpoints(db, siteId)).map((row) => toEndpoint(row));
}

export async function removeWebhookEndpoint(
  db: D1Database,
  siteId: string,
  id: string,
): Promise<Result<{ deleted: true }>> {
  const result = await deleteWebhookEndpoint(db, siteId, id).run();
  if (result.meta.changes === 0) return notFound(id);
  return { ok: true, value: { deleted: true } };
}

export function toDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    type: row.type as WebhookEventType,
    status: row.status,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    deliveredAt: row.delivered_at,
    createdAt: row.created_at,
  };
}

/** One page of the delivery log of one of the site's endpoints, newest first. */
export async function webhookDeliveriesOf(
  db: D1Database,
  siteId: string,
  id: string,
  page: { before?: string | undefined; limit: number },
): Promise<Result<WebhookDeliveryList>> {
  if (!(await endpointOfSite(db, siteId, id))) return notFound(id);
  // One more than asked says whether a next page exists without a second query.
  const rows = await listDeliveriesOfEndpoint(db, id, { ...page, limit: page.limit + 1 });
  const shown = rows.slice(0, page.limit);
  const next = rows.length > page.limit ? (shown.at(-1)?.id ?? null) : null;
  return { ok: true, value: { deliveries: shown.map(toDelivery), next } };
}
