import type { WebhookEventType } from '@signet/sdk';

export interface WebhookEndpointRow {
  id: string;
  site_id: string;
  url: string;
  events: string;
  description: string | null;
  secret_sealed: string;
  master_kid: string;
  created_at: string;
}

export function insertWebhookEndpoint(
  db: D1Database,
  endpoint: {
    id: string;
    siteId: string;
    url: string;
    events: WebhookEventType[];
    description: string | null;
    secretSealed: string;
    masterKid: string;
    createdAt: string;
  },
  maxPerSite: number,
) {
  // The cap is checked in the same statement, so two parallel creations cannot pass it together.
  return db
    .prepare(
      `INSERT INTO webhook_endpoints
         (id, site_id, url, events, description, secret_sealed, master_kid, created_at)
       SELECT ?, ?, ?, ?, ?, ?, ?, ?
        WHERE (SELECT COUNT(*) FROM webhook_endpoints WHERE site_id = ?) < ?`,
    )
    .bind(
      endpoint.id,
      endpoint.siteId,
      endpoint.url,
      JSON.stringify(endpoint.events),
      endpoint.description,
      endpoint.secretSealed,
      endpoint.masterKid,
      endpoint.createdAt,
      endpoint.siteId,
      maxPerSite,
    );
}

export async function listWebhookEndpoints(db: D1Database, siteId: string) {
  const { results } = await db
    .prepare('SELECT * FROM webhook_endpoints WHERE site_id = ? ORDER BY created_at, id')
    .bind(siteId)
    .all<WebhookEndpointRow>();
  return results;
}

export function findWebhookEndpoint(db: D1Database, id: string) {
  return db
    .prepare('SELECT * FROM webhook_endpoints WHERE id = ?')
    .bind(id)
    .first<WebhookEndpointRow>();
}

export function deleteWebhookEndpoint(db: D1Database, siteId: string, id: string) {
  return db.prepare('DELETE FROM webhook_endpoints WHERE site_id = ? AND id = ?').bind(siteId, id);
}

/** Endpoints whose secret is sealed by another master key than the active one (rotation). */
export async function listEndpointsSealedBy(db: D1Database, notKid: string, limit: number) {
  const { results } = await db
    .prepare('SELECT * FROM webhook_endpoints WHERE master_kid <> ? LIMIT ?')
    .bind(notKid, limit)
    .all<WebhookEndpointRow>();
  return results;
}

/** Stores a re-sealed secret, unless the row changed meanwhile (sealed by `previousKid` still). */
export function replaceSealedSecret(
  db: D1Database,
  endpoint: { id: string; secretSealed: string; masterKid: string; previousKid: string },
) {
  return db
    .prepare(
      'UPDATE webhook_endpoints SET secret_sealed = ?, master_kid = ? WHERE id = ? AND master_kid = ?',
    )
    .bind(endpoint.secretSealed, endpoint.masterKid, endpoint.id, endpoint.previousKid);
}

/** How many secrets are still sealed by another master key than `notKid`. */
export function countEndpointsSealedBy(db: D1Database, notKid: string) {
  return db
    .prepare('SELECT COUNT(*) AS n FROM webhook_endpoints WHERE master_kid <> ?')
    .bind(notKid);
}
