import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  askForEveryPurpose,
  callCountingShards,
  fromPage,
  newestMailIn,
  siteInShard,
  siteRowsIn,
} from '../../test/shards.js';
import { call, pressConfirm } from '../../test/worker.js';
import { moveSite } from '../services/site-move.js';

const site = 'mover';
const origin = `https://${site}.example`;
/** A person asks for every purpose of the site; their confirmation link, read in shard 1. */
async function asked(email: string) {
  expect((await askForEveryPurpose(site, email)).status).toBe(202);
  return (await newestMailIn(env.DB_1, email)).match(/\/confirm\/1\.[A-Za-z0-9_-]{43}/)?.[0] ?? '';
}

/** Everything a site in shard 1 has handed out that a later request brings back. */
async function handedOutInShardOne(key: string) {
  const confirmLink = await asked('later@mover.example');
  const done = await (await pressConfirm(await asked('done@mover.example'))).text();
  const receiptLink = done.match(/\/receipt\/1\.[^"?]+\?purpose=[^"]+/)?.[0] ?? '';
  const check = await call('/v1/consents/check?email=done%40mover.example&purpose=newsletter', {
    headers: { authorization: `Bearer ${key}` },
  });
  const { unsubscribe } = (await check.json()) as { unsubscribe: { url: string } };
  await call('/v1/preference-links', fromPage(site, { site, email: 'done@mover.example' }));
  const mail = await newestMailIn(env.DB_1, 'done@mover.example');
  const preferenceToken = mail.match(/#token=(1\.[A-Za-z0-9_-]{43})/)?.[1] ?? '';
  const opened = await call('/v1/preference-sessions', fromPage(site, { token: preferenceToken }));
  const { session } = (await opened.json()) as { session: string };
  const links = {
    confirmLink,
    receiptLink,
    unsubscribeLink: new URL(unsubscribe.url).pathname,
    preferenceToken,
    session,
  };
  for (const [name, value] of Object.entries(links)) expect(value, name).toMatch(/1\./);
  return links;
}

describe('links, sessions and keys handed out before a site moved shards (decision 0009)', () => {
  it("R1: a site moved from shard 1 to 2: its old confirm, unsubscribe, receipt and preference links, its person's session and its key still work", async () => {
    const { key } = await siteInShard(site, 1);
    const old = await handedOutInShardOne(key);
    expect(await moveSite(env, site, 2)).toMatchObject({ moved: true, from: 1, to: 2 });

    // The site key as handed out before, tag 1 and all.
    const settings = await call('/v1/admin/site', { headers: { authorization: `Bearer ${key}` } });
    expect(settings.status).toBe(200);
    expect(((await settings.json()) as { id: string }).id).toBe(site);

    // The person's session, and a new one from the mailed preference link, now of shard 2.
    const me = await call('/v1/me', {
      headers: { authorization: `Bearer ${old.session}`, origin },
    });
    expect(me.status).toBe(200);
    const opened = await call(
      '/v1/preference-sessions',
      fromPage(site, { token: old.preferenceToken }),
    );
    expect(opened.status).toBe(201);
    expect(((await opened.json()) as { session: string }).session).toMatch(/^2\./);

    const receipt = await call(old.receiptLink);
    expect(receipt.status).toBe(200);
    expect(((await receipt.json()) as { purpose: { id: string } }).purpose.id).toBe('newsletter');

    // The old unsubscribe link of a mail sent before the move: its page, then the one click.
    expect((await call(old.unsubscribeLink)).status).toBe(200);
    const unsubscribed = await call(old.unsubscribeLink, {
      method: 'POST',
      body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    });
    expect(unsubscribed.status).toBe(200);
    expect(await unsubscribed.text()).toMatch(/You are unsubscribed|Abgemeldet/);

    // The confirmation link mailed before the move: its page and its button.
    const confirmed = await pressConfirm(old.confirmLink);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('confirmed');

    // Every change landed in shard 2; shard 1 holds nothing of the site.
    expect(await siteRowsIn(env.DB_1, site)).toEqual({});
    const states = await env.DB_2.prepare(
      "SELECT status FROM consents WHERE site_id = ? AND purpose_id = 'newsletter' ORDER BY status",
    )
      .bind(site)
      .all<{ status: string }>();
    expect(states.results.map((row) => row.status)).toEqual(['active', 'withdrawn']);
  });

  it('a key that opens nothing in a shard no site ever left is not sent on: one shard asked', async () => {
    const { response, trips } = await callCountingShards('/v1/admin/site', {
      headers: { authorization: 'Bearer 2.sk_nobody_local_test_key_only' },
    });
    expect(response.status).toBe(401);
    expect(trips.map((shard) => shard.length > 0)).toEqual([false, false, true]);
  });

  it('after a move, a link the old shard does not know reaches only the shard the site went to, and stays unknown', async () => {
    await siteInShard(site, 1);
    await moveSite(env, site, 2);
    const { response, trips } = await callCountingShards(`/u/1.${'x'.repeat(43)}`);
    expect(response.status).toBe(404);
    expect(trips.map((shard) => shard.length > 0)).toEqual([false, true, true]);
  });
});
