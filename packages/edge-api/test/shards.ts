import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { Env } from '../src/env.js';
import worker from '../src/index.js';
import { placeSite } from '../src/store/directory.js';
import { countingD1, type RoundTrip } from './counting-d1.js';
import { apiOrigin, call } from './worker.js';

export type TestSite = keyof Cloudflare.Env['SITE_SEEDS'];

/** Every shard of the test deployment: `DB` (0), `DB_1` and `DB_2`. */
export const shards = () => [env.DB, env.DB_1, env.DB_2];

/**
 * Makes a site (as `npm start -- --site` seeds one) in a shard and puts it there in the
 * directory; its key, as handed to its owner, names the shard.
 */
export async function siteInShard(id: TestSite, shard: number) {
  const db = shards()[shard] as D1Database;
  await db.batch(env.SITE_SEEDS[id].map((statement) => db.prepare(statement)));
  await db.prepare('UPDATE sites SET client_limit_per_hour = 1000 WHERE id = ?').bind(id).run();
  await placeSite(env.DIRECTORY, id, shard, new Date());
  return { key: `${shard === 0 ? '' : `${shard}.`}sk_${id}_local_test_key_only` };
}

/**
 * Calls the worker with every shard behind its own counting binding (test/counting-d1.ts): what
 * the request and its `waitUntil` work sent to each shard.
 */
export async function callCountingShards(path: string, init: RequestInit = {}) {
  const counting = shards().map((db) => countingD1(db));
  const [DB, DB_1, DB_2] = counting;
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(new URL(path, apiOrigin), init),
    { ...env, DB, DB_1, DB_2 } as Env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  const trips: RoundTrip[][] = counting.map((db) => db.roundTrips);
  return { response, trips };
}

/** Rows with this site id per table, of one shard (tables without `site_id` aside). */
export async function siteRowsIn(db: D1Database, siteId: string) {
  const site = await db
    .prepare('SELECT COUNT(*) AS n FROM sites WHERE id = ?')
    .bind(siteId)
    .first<{ n: number }>();
  const { results: tables } = await db
    .prepare(
      `SELECT m.name FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
        AND m.name NOT LIKE '_cf_%' AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'site_id')`,
    )
    .all<{ name: string }>();
  const rows: Record<string, number> = site?.n ? { sites: site.n } : {};
  for (const { name } of tables) {
    const row = await db
      .prepare(`SELECT COUNT(*) AS n FROM "${name}" WHERE site_id = ?`)
      .bind(siteId)
      .first<{ n: number }>();
    if (row?.n) rows[name] = row.n;
  }
  return rows;
}

/** The text of the newest dev-mailbox message to an address, in one shard. */
export async function newestMailIn(db: D1Database, to: string) {
  const row = await db
    .prepare('SELECT text_body FROM dev_mailbox WHERE to_address = ? ORDER BY rowid DESC LIMIT 1')
    .bind(to)
    .first<{ text_body: string }>();
  return row?.text_body ?? '';
}

/** A POST from the site's own page (`https://<site>.example`) with a JSON body. */
export const fromPage = (site: string, body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: `https://${site}.example`, ...headers },
  body: JSON.stringify(body),
});

/** A person asks on the site's page for every purpose its form shows; the API's answer. */
export async function askForEveryPurpose(site: string, email: string) {
  const form = (await (await call(`/v1/sites/${site}/form?locale=en`)).json()) as {
    purposes: { id: string; wordingVersion: string }[];
  };
  const body = {
    site,
    email,
    purposes: form.purposes.map(({ id, wordingVersion }) => ({ id, wordingVersion })),
    locale: 'en',
    pageUrl: `https://${site}.example/newsletter`,
  };
  return call('/v1/consent-requests', fromPage(site, body));
}
