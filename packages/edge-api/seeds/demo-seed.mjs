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
  const { site, purposes, apiKey } = demo;
  const statements = [
    `INSERT INTO sites (id, name, controller_name, controller_contact, privacy_policy_url, default_locale, locales, allowed_origins, unconfirmed_retention_days, created_at) VALUES (${[site.id, site.name, site.controllerName, site.controllerContact, site.privacyPolicyUrl, site.defaultLocale, JSON.stringify(site.locales), JSON.stringify(origins), 14, now].map(sql).join(', ')}) ON CONFLICT (id) DO UPDATE SET allowed_origins = excluded.allowed_origins, locales = excluded.locales`,
    `INSERT OR IGNORE INTO site_api_keys (id, site_id, key_hash, label, created_at) VALUES ('key-demo', ${sql(site.id)}, ${sql(sha256(apiKey))}, 'development key', ${sql(now)})`,
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
