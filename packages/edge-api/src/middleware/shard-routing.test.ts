import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import {
  callCountingShards,
  fromPage,
  newestMailIn,
  shards,
  siteInShard,
  siteRowsIn,
  type TestSite,
} from '../../test/shards.js';
import { runCron } from '../../test/worker.js';

/** One request of the person's path: it must reach its site's shard and no other. */
async function inShard(shard: number, path: string, init: RequestInit = {}) {
  const { response, trips } = await callCountingShards(path, init);
  const others = trips.flatMap((shardTrips, at) =>
    at === shard ? [] : shardTrips.map((trip) => `shard ${at}: ${trip.call}`),
  );
  expect(others, `${path} touched another shard`).toEqual([]);
  return { response, own: trips[shard]?.length ?? 0 };
}

/**
 * The whole person's path on a site in `shard`: request, confirm, preferences link and session,
 * one-click unsubscribe, export, erasure. Every request reaches that shard only.
 */
async function personsPath(site: TestSite, shard: number, key: string) {
  const email = `person@${site}.example`;
  const tag = `${shard}.`;
  const form = await inShard(shard, `/v1/sites/${site}/form?locale=en`, {
    headers: { origin: `https://${site}.example` },
  });
  const { purposes } = (await form.response.json()) as {
    purposes: { id: string; wordingVersion: string }[];
  };
  const requested = await inShard(
    shard,
    '/v1/consent-requests',
    fromPage(site, {
      site,
      email,
      purposes: purposes.map(({ id, wordingVersion }) => ({ id, wordingVersion })),
      locale: 'en',
      pageUrl: `https://${site}.example/newsletter`,
    }),
  );
  expect(requested.response.status).toBe(202);
  expect(requested.own).toBeGreaterThan(0);

  const confirmPath = (await newestMailIn(shards()[shard] as D1Database, email)).match(
    /\/confirm\/(\d+\.[A-Za-z0-9_-]{43})/,
  )?.[0];
  expect(confirmPath, 'the confirmation link names the shard').toContain(`/confirm/${tag}`);
  const page = await inShard(shard, confirmPath as string);
  const nonce = (await page.response.text()).match(/name="nonce" value="([^"]+)"/)?.[1] ?? '';
  const confirmed = await inShard(shard, confirmPath as string, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      origin: 'https://api.signet.test',
    },
    body: new URLSearchParams({ nonce }),
  });
  expect(await confirmed.response.text()).toContain('confirmed');

  const check = await inShard(
    shard,
    `/v1/consents/check?email=${encodeURIComponent(email)}&purpose=newsletter`,
    { headers: { authorization: `Bearer ${key}` } },
  );
  const answer = (await check.response.json()) as {
    allowed: boolean;
    unsubscribe: { url: string };
  };
  expect(answer.allowed).toBe(true);
  const unsubscribePath = new URL(answer.unsubscribe.url).pathname;
  expect(unsubscribePath).toMatch(new RegExp(`^/u/${shard}\\.`));
  const unsubscribed = await inShard(shard, unsubscribePath, {
    method: 'POST',
    body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
  });
  expect(unsubscribed.response.status).toBe(200);

  const asked = await inShard(shard, '/v1/preference-links', fromPage(site, { site, email }));
  expect(asked.response.status).toBe(202);
  const mail = await newestMailIn(shards()[shard] as D1Database, email);
  const token = mail.match(/#token=(\d+\.[A-Za-z0-9_-]{43})/)?.[1] ?? '';
  expect(token.startsWith(tag)).toBe(true);
  const opened = await inShard(shard, '/v1/preference-sessions', fromPage(site, { token }));
  expect(opened.response.status).toBe(201);
  const { session } = (await opened.response.json()) as { session: string };
  expect(session.startsWith(tag)).toBe(true);
  const asPerson = { authorization: `Bearer ${session}`, origin: `https://${site}.example` };

  const exported = await inShard(shard, '/v1/me/export', { headers: asPerson });
  expect(exported.response.status).toBe(200);
  const rowsBeforeErasure = await siteRowsIn(shards()[shard] as D1Database, site);
  expect(rowsBeforeErasure).toMatchObject({ subjects: 1, consents: 2, sites: 1 });

  const erased = await inShard(shard, '/v1/me/erasure', fromPage(site, {}, asPerson));
  expect(erased.response.status).toBe(200);
}

describe('shards: each site lives in one D1 database (decision 0009)', () => {
  it("runs the whole person's path on two sites in two shards, each request reaching its site's shard only", async () => {
    const north = await siteInShard('north', 1);
    const south = await siteInShard('south', 2);
    await personsPath('north', 1, north.key);
    await personsPath('south', 2, south.key);
    await runCron(new Date());
    for (const [site, home] of [
      ['north', 1],
      ['south', 2],
    ] as const) {
      for (const [shard, db] of shards().entries()) {
        const rows = await siteRowsIn(db, site);
        if (shard === home) expect(rows).toMatchObject({ sites: 1, records: expect.any(Number) });
        else expect(rows, `${site}'s rows in shard ${shard}`).toEqual({});
      }
      // Sealed in its own shard by the cron's pass over it.
      const unsealed = await (shards()[home] as D1Database)
        .prepare('SELECT COUNT(*) AS n FROM records WHERE site_id = ? AND seq IS NULL')
        .bind(site)
        .first<{ n: number }>();
      expect(unsealed?.n).toBe(0);
    }
    // Nothing of theirs in shard 0's mailbox either: each shard's sender wrote its own.
    const shardZeroMail = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM dev_mailbox WHERE to_address LIKE '%@north.example' OR to_address LIKE '%@south.example'",
    ).first<{ n: number }>();
    expect(shardZeroMail?.n).toBe(0);
  });

  it('a key, session or link that names a shard the deployment does not have opens nothing', async () => {
    const { response, trips } = await callCountingShards('/v1/admin/site', {
      headers: { authorization: 'Bearer 7.sk_north_local_test_key_only' },
    });
    expect(response.status).toBe(404);
    expect(trips.flat()).toEqual([]);
  });

  it('a consent request body is parsed once: the route validates what routing read its site from', async () => {
    await siteInShard('north', 1);
    const body = JSON.stringify({
      site: 'north',
      email: 'parsed-once@north.example',
      purposes: [{ id: 'newsletter', wordingVersion: 'none' }],
      locale: 'en',
      pageUrl: 'https://north.example/',
    });
    // Issue 23: routing parsed the text for `site`, then the route parsed it again.
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const { response } = await callCountingShards('/v1/consent-requests', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://north.example' },
        body,
      });
      expect(response.status).toBeLessThan(500);
      expect(parse.mock.calls.filter(([text]) => text === body)).toHaveLength(1);
    } finally {
      parse.mockRestore();
    }
  });

  it("a key of one shard's site does not reach a site in another shard", async () => {
    await siteInShard('north', 1);
    // The untagged key is looked up in shard 0, where north has no key.
    const { response } = await callCountingShards('/v1/admin/site', {
      headers: { authorization: 'Bearer sk_north_local_test_key_only' },
    });
    expect(response.status).toBe(401);
  });
});
