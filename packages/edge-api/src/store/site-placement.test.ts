import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  placeNewSiteStatement,
  shardOfSiteStatement,
  shardZeroSitesStatement,
} from '../../seeds/site-placement.mjs';
import {
  askForEveryPurpose,
  newestMailIn,
  shards,
  siteRowsIn,
  type TestSite,
} from '../../test/shards.js';

/**
 * A site made as `npm start -- --site` and `npm run deploy` make one: the directory chooses its
 * shard, then its rows are written there.
 */
async function makeSite(id: TestSite, at = new Date()) {
  const zero = await env.DB.prepare(shardZeroSitesStatement).first<{ sites: number }>();
  const placing = { shards: shards().length, shardZeroSites: zero?.sites ?? 0, at };
  await env.DIRECTORY.prepare(placeNewSiteStatement(id, placing)).run();
  const row = await env.DIRECTORY.prepare(shardOfSiteStatement(id)).first<{ shard: number }>();
  const shard = row?.shard as number;
  const db = shards()[shard] as D1Database;
  await db.batch(env.SITE_SEEDS[id].map((statement) => db.prepare(statement)));
  return shard;
}

/** A person asks on the site's page; the request is answered from wherever the site is. */
async function askOn(site: TestSite) {
  expect((await askForEveryPurpose(site, `person@${site}.example`)).status).toBe(202);
}

describe('a new site goes to the shard with the fewest sites (decision 0009)', () => {
  it('sites made one after another spread over the three shards, and each site’s rows land in its shard only', async () => {
    // The demo site lives in shard 0 without a row: shard 0 counts it from its own table.
    const placed = [];
    for (const id of ['north', 'south', 'mover'] as const) placed.push([id, await makeSite(id)]);
    expect(placed).toEqual([
      ['north', 1],
      ['south', 2],
      ['mover', 0],
    ]);
    for (const [id, home] of placed as [TestSite, number][]) {
      await askOn(id);
      for (const [shard, db] of shards().entries()) {
        const rows = await siteRowsIn(db, id);
        if (shard === home) {
          expect(rows).toMatchObject({ sites: 1, subjects: 1, consent_requests: 1 });
          expect(await newestMailIn(db, `person@${id}.example`)).toContain('/confirm/');
        } else expect(rows, `${id}'s rows in shard ${shard}`).toEqual({});
      }
    }
  });

  it('a site the directory has already keeps its shard when it is made again', async () => {
    const first = await makeSite('north');
    await makeSite('south');
    const again = await env.DIRECTORY.prepare(
      placeNewSiteStatement('north', { shards: 3, shardZeroSites: 9 }),
    ).run();
    expect(again.meta.changes).toBe(0);
    const row = await env.DIRECTORY.prepare(shardOfSiteStatement('north')).first();
    expect(row).toEqual({ shard: first });
  });
});
