// The first site and its first API key. The admin API has no route that creates a site (every
// admin route acts on the site of its key), so both rows go in through `wrangler d1 execute`,
// as the demo seed's do. The key is made here and shown once; the database keeps its SHA-256,
// as services/api-keys.ts does (S5).
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  placeNewSiteStatement,
  shardOfSiteStatement,
} from '../../packages/edge-api/seeds/site-placement.mjs';
import { WranglerError } from './wrangler.mjs';

const sql = (value) =>
  typeof value === 'number' ? String(value) : `'${String(value).replaceAll("'", "''")}'`;

export const executeArgs = (databaseId, statements) => [
  'd1',
  'execute',
  databaseId,
  '--remote',
  '--json',
  '--command',
  statements.join('; '),
];

function query(wrangler, databaseId, command) {
  const answer = wrangler.readJson(executeArgs(databaseId, [command]));
  return answer[0]?.results?.[0] ?? {};
}

/** How many sites there are, and whether `siteId` is one with an active key. */
export function surveySites(wrangler, databaseId, siteId) {
  const id = sql(siteId ?? '');
  const command = `SELECT (SELECT COUNT(*) FROM sites) AS sites, (SELECT COUNT(*) FROM sites WHERE id = ${id}) AS site, (SELECT COUNT(*) FROM site_api_keys WHERE site_id = ${id} AND revoked_at IS NULL) AS active_keys`;
  try {
    const row = query(wrangler, databaseId, command);
    return { sites: row.sites ?? 0, siteExists: row.site > 0, activeKeys: row.active_keys ?? 0 };
  } catch (error) {
    // A database whose migrations never ran holds no site yet.
    if (error instanceof WranglerError && /no such table/i.test(error.output)) {
      return { sites: 0, siteExists: false, activeKeys: 0 };
    }
    throw error;
  }
}

/**
 * The shard the directory has for `siteId` (null: none yet); with shards, the site is surveyed
 * there rather than in shard 0.
 */
export function surveyHomeShard(wrangler, directoryId, siteId) {
  try {
    return query(wrangler, directoryId, shardOfSiteStatement(siteId)).shard ?? null;
  } catch (error) {
    if (error instanceof WranglerError && /no such table/i.test(error.output)) return null;
    throw error;
  }
}

/** The database of shard `shard`, as `wrangler d1 execute` takes it. */
export const shardDatabase = (shard, databaseId) => (shard === 0 ? databaseId : `DB_${shard}`);

/**
 * A new site's shard, the one with the fewest sites, chosen and written in the directory in one
 * statement (decision 0009); a site the directory has keeps its own.
 */
export function placeSite(wrangler, siteId, { shards, shardZeroSites }) {
  const place = placeNewSiteStatement(siteId, { shards, shardZeroSites });
  wrangler.change(executeArgs('DIRECTORY', [place]), { quiet: true });
  return query(wrangler, 'DIRECTORY', shardOfSiteStatement(siteId)).shard;
}

/** What the site step does: nothing, the site with its key, or a key for a site without one. */
export function siteWork(survey, siteId) {
  if (siteId && !survey.siteExists) return 'site-and-key';
  if (siteId && survey.activeKeys === 0) return 'key';
  if (!siteId && survey.sites === 0) return 'site-and-key';
  return 'none';
}

export function newApiKey() {
  return `sk_live_${randomBytes(32).toString('base64url')}`;
}

export function siteStatements(site, { keyHash, now, withSite }) {
  const at = now.toISOString();
  const statements = [];
  if (withSite) {
    const values = [
      site.id,
      site.name,
      site.controller,
      site.controllerContact,
      site.privacyUrl,
      site.locales[0],
      JSON.stringify(site.locales),
      JSON.stringify([site.origin]),
      14,
      JSON.stringify([site.ownerEmail.toLowerCase()]),
      at,
    ];
    statements.push(
      `INSERT INTO sites (id, name, controller_name, controller_contact, privacy_policy_url, default_locale, locales, allowed_origins, unconfirmed_retention_days, owner_emails, created_at) VALUES (${values.map(sql).join(', ')})`,
    );
  }
  const key = [`key_${randomUUID()}`, site.id, keyHash, 'first key (npm run deploy)', at];
  statements.push(
    `INSERT INTO site_api_keys (id, site_id, key_hash, label, created_at) VALUES (${key.map(sql).join(', ')})`,
  );
  return statements;
}

/** Writes the rows and returns the key, which exists nowhere else from then on. */
export function createSite(wrangler, databaseId, site, { withSite, now = new Date() }) {
  const apiKey = newApiKey();
  const keyHash = createHash('sha256').update(apiKey).digest('hex');
  const statements = siteStatements(site, { keyHash, now, withSite });
  wrangler.change(executeArgs(databaseId, statements), { quiet: true });
  return apiKey;
}
