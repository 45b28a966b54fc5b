// Builds the SQL that seeds the demo site for local development and tests. Plain JavaScript so
// that `npm start` can run it without a build; the wording hash must match `wordingVersion` in
// @signet/sdk (a test in src/routes/forms.test.ts checks that it does).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const demo = JSON.parse(readFileSync(new URL('./demo-site.json', import.meta.url), 'utf8'));

const sql = (value) =>
  value === null || value === undefined ? 'NULL' : `'${String(value).replaceAll("'", "''")}'`;
const sha256 = (text) => createHash('sha256').update(text).digest('hex');

export function canonicalWording({ label, locale, processed, purpose, retention, withdrawal }) {
  return JSON.stringify({ label, locale, processed, purpose, retention, withdrawal });
}

/** One SQL statement per array entry; safe to run again (it updates the allowed origins). */
export function demoSeedStatements({ origins, now = new Date().toISOString() }) {
  return siteSeedStatements({
    site: demo.site,
    purposes: demo.purposes,
    apiKey: { id: 'key-demo', secret: demo.apiKey, label: 'development key' },
    origins,
    owners: [],
    now,
  });
}

/**
 * A site of one's own (`npm start -- --site bakery --name …`): the demo's purposes with its name
 * in their wording, ready to edit in the console, and a development key of its own.
 */
export function ownSiteSeedStatements({ id, name, origins, owners, apiKey, now }) {
  const privacyPolicyUrl = `${origins[0]}/privacy`;
  const site = {
    ...demo.site,
    id,
    name,
    controllerName: name,
    controllerContact: owners[0] ?? `privacy@${new URL(origins[0]).hostname}`,
    privacyPolicyUrl,
  };
  const purposes = demo.purposes.map((purpose) => ({
    ...purpose,
    wordings: purpose.wordings.map((wording) =>
      Object.fromEntries(
        Object.entries(wording).map(([field, text]) => [field, text.replaceAll('Demo Shop', name)]),
      ),
    ),
  }));
  return siteSeedStatements({
    site,
    purposes,
    apiKey: { id: `key-${id}`, secret: apiKey, label: 'development key' },
    origins,
    owners,
    now,
  });
}

function siteSeedStatements({
  site,
  purposes,
  apiKey,
  origins,
  owners,
  now = new Date().toISOString(),
}) {
  const statements = [
    `INSERT INTO sites (id, name, controller_name, controller_contact, privacy_policy_url, default_locale, locales, allowed_origins, owner_emails, unconfirmed_retention_days, created_at) VALUES (${[site.id, site.name, site.controllerName, site.controllerContact, site.privacyPolicyUrl, site.defaultLocale, JSON.stringify(site.locales), JSON.stringify(origins), JSON.stringify(owners), 14, now].map(sql).join(', ')}) ON CONFLICT (id) DO UPDATE SET allowed_origins = excluded.allowed_origins, locales = excluded.locales`,
    `INSERT OR IGNORE INTO site_api_keys (id, site_id, key_hash, label, created_at) VALUES (${sql(apiKey.id)}, ${sql(site.id)}, ${sql(sha256(apiKey.secret))}, ${sql(apiKey.label)}, ${sql(now)})`,
  ];
  purposes.forEach((purpose, position) => {
    statements.push(
      `INSERT OR IGNORE INTO purposes (site_id, id, channel, position, created_at) VALUES (${[site.id, purpose.id, purpose.channel, position, now].map(sql).join(', ')})`,
    );
    for (const wording of purpose.wordings) {
      const text = canonicalWording(wording);
      statements.push(
        `INSERT OR IGNORE INTO wordings (site_id, purpose_id, locale, version, canonical_text, published_at) VALUES (${[site.id, purpose.id, wording.locale, sha256(text), text, now].map(sql).join(', ')})`,
      );
    }
  });
  return statements;
}

export const demoSite = demo;
