import type { Locale } from '@signet/sdk';

export interface Site {
  id: string;
  name: string;
  controllerName: string;
  controllerContact: string;
  privacyPolicyUrl: string;
  defaultLocale: Locale;
  locales: Locale[];
  allowedOrigins: string[];
  confirmTokenTtlSeconds: number;
  unconfirmedRetentionDays: number;
}

interface SiteRow {
  id: string;
  name: string;
  controller_name: string;
  controller_contact: string;
  privacy_policy_url: string;
  default_locale: Locale;
  locales: string;
  allowed_origins: string;
  confirm_token_ttl_seconds: number;
  unconfirmed_retention_days: number;
}

function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    controllerName: row.controller_name,
    controllerContact: row.controller_contact,
    privacyPolicyUrl: row.privacy_policy_url,
    defaultLocale: row.default_locale,
    locales: JSON.parse(row.locales),
    allowedOrigins: JSON.parse(row.allowed_origins),
    confirmTokenTtlSeconds: row.confirm_token_ttl_seconds,
    unconfirmedRetentionDays: row.unconfirmed_retention_days,
  };
}

export async function findSite(db: D1Database, id: string): Promise<Site | null> {
  const row = await db.prepare('SELECT * FROM sites WHERE id = ?').bind(id).first<SiteRow>();
  return row ? toSite(row) : null;
}

/** For CORS preflights, which carry no body and so no site id: is the origin any site's? */
export async function isOriginOfAnySite(db: D1Database, origin: string): Promise<boolean> {
  const row = await db
    .prepare(
      'SELECT 1 AS hit FROM sites, json_each(sites.allowed_origins) AS o WHERE o.value = ? LIMIT 1',
    )
    .bind(origin)
    .first<{ hit: number }>();
  return row !== null;
}
