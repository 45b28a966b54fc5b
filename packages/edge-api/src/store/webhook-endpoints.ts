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
