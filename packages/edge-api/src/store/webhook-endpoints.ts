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
  /** Sealed by `master_kid` too; valid until `previous_secret_until` (a rotation's overlap). */
  previous_secret_sealed: string | null;
  previous_secret_until: string | null;
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

/** Changes what is given of url, events and description of one of the site's endpoints. */
export function updateWebhookEndpoint(
  db: D1Database,
  siteId: string,
  id: string,
  patch: { url?: string; events?: WebhookEventType[]; description?: string | null },
) {
  return db
    .prepare(
      `UPDATE webhook_endpoints
          SET url = COALESCE(?, url), events = COALESCE(?, events),
              description = CASE WHEN ? THEN ? ELSE description END
        WHERE site_id = ? AND id = ?
        RETURNING *`,
    )
    .bind(
      patch.url ?? null,
      patch.events ? JSON.stringify(patch.events) : null,
      patch.description !== undefined ? 1 : 0,
      patch.description ?? null,
      siteId,
      id,
    )
    .first<WebhookEndpointRow>();
}

/**
 * A new secret for the endpoint; the one it had becomes the previous one, valid until `until`.
 * Both are sealed by `masterKid`, so the statement applies only while the row is still sealed
 * by the key the old secret was opened with (`openedKid`) and still holds that secret.
 */
export function rotateWebhookSecret(
  db: D1Database,
  rotation: {
    siteId: string;
    id: string;
    secretSealed: string;
    previousSealed: string;
    masterKid: string;
    openedKid: string;
    openedSealed: string;
    until: string;
  },
) {
  return db
    .prepare(
      `UPDATE webhook_endpoints
          SET secret_sealed = ?, previous_secret_sealed = ?, previous_secret_until = ?,
              master_kid = ?
        WHERE site_id = ? AND id = ? AND master_kid = ? AND secret_sealed = ?`,
    )
    .bind(
      rotation.secretSealed,
      rotation.previousSealed,
      rotation.until,
      rotation.masterKid,
      rotation.siteId,
      rotation.id,
      rotation.openedKid,
      rotation.openedSealed,
    );
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

/**
 * Stores re-sealed secrets (the current one, and the previous one of a rotation or null), unless
 * the row changed meanwhile (sealed by `previousKid` still).
 */
export function replaceSealedSecret(
  db: D1Database,
  endpoint: {
    id: string;
    secretSealed: string;
    previousSecretSealed: string | null;
    masterKid: string;
    previousKid: string;
  },
) {
  return db
    .prepare(
      `UPDATE webhook_endpoints SET secret_sealed = ?, previous_secret_sealed = ?, master_kid = ?
        WHERE id = ? AND master_kid = ?`,
    )
    .bind(
      endpoint.secretSealed,
      endpoint.previousSecretSealed,
      endpoint.masterKid,
      endpoint.id,
      endpoint.previousKid,
    );
}

/** How many secrets are still sealed by another master key than `notKid`. */
export function countEndpointsSealedBy(db: D1Database, notKid: string) {
  return db
    .prepare('SELECT COUNT(*) AS n FROM webhook_endpoints WHERE master_kid <> ?')
    .bind(notKid);
}
