import { env } from 'cloudflare:workers';
import type { Jwks } from '@signet/sdk';
import { checkLog } from '@signet/sdk/cli/record-checks';
import { describe, expect, it } from 'vitest';
import { newestMailIn, shards, siteInShard, siteRowsIn } from '../../test/shards.js';
import { call, pressConfirm, runCron } from '../../test/worker.js';
import { moveSite } from './site-move.js';

const site = 'mover';
const origin = `https://${site}.example`;

/** A person of the site asks and confirms; their mail is read in the shard the site is in. */
async function confirmedPerson(email: string, shard: number) {
  const form = (await (await call(`/v1/sites/${site}/form?locale=en`)).json()) as {
    purposes: { id: string; wordingVersion: string }[];
  };
  const requested = await call('/v1/consent-requests', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({
      site,
      email,
      purposes: form.purposes.map(({ id, wordingVersion }) => ({ id, wordingVersion })),
      locale: 'en',
      pageUrl: `${origin}/newsletter`,
    }),
  });
  expect(requested.status).toBe(202);
  const mail = await newestMailIn(shards()[shard] as D1Database, email);
  const link = mail.match(/\/confirm\/\d+\.[A-Za-z0-9_-]{43}/)?.[0] ?? '';
  expect((await pressConfirm(link)).status).toBe(200);
}

/** The site's whole log and checkpoint as an owner downloads them for `signet verify`. */
async function downloadedLog(key: string) {
  const asOwner = { headers: { authorization: `Bearer ${key}` } };
  const { records } = (await (await call('/v1/records', asOwner)).json()) as {
    records: unknown[];
  };
  const checkpoint = await (await call('/v1/log/checkpoint', asOwner)).json();
  const jwks = (await (await call('/.well-known/jwks.json')).json()) as Jwks;
  return { records, checkpoint, verdict: await checkLog(records, checkpoint, jwks) };
}

describe('moving a site between shards (decision 0009)', () => {
  it('P2: a site moved to another shard keeps a log that signet verify accepts, and its log goes on there', async () => {
    const { key: oldKey } = await siteInShard(site, 1);
    await confirmedPerson('first@mover.example', 1);
    await confirmedPerson('second@mover.example', 1);
    await runCron(new Date());
    const before = await downloadedLog(oldKey);
    expect(before.verdict.valid, before.verdict.lines.join('\n')).toBe(true);

    const outcome = await moveSite(env, site, 2);
    expect(outcome).toMatchObject({ moved: true, from: 1, to: 2 });
    expect(await siteRowsIn(env.DB_1, site)).toEqual({});
    expect(await siteRowsIn(env.DB_2, site)).toMatchObject({ sites: 1, subjects: 2 });

    // The key, handed out again, names the new shard; the log is the one signed before.
    const newKey = `2.${oldKey.slice(2)}`;
    const after = await downloadedLog(newKey);
    expect(after.records).toEqual(before.records);
    expect(after.verdict.valid, after.verdict.lines.join('\n')).toBe(true);
    // The old key's shard no longer holds the site; the key finds it where it went.
    expect((await downloadedLog(oldKey)).records).toEqual(before.records);

    await confirmedPerson('third@mover.example', 2);
    await runCron(new Date());
    const grown = await downloadedLog(newKey);
    expect(grown.records.length).toBeGreaterThan(before.records.length);
    expect(grown.verdict.valid, grown.verdict.lines.join('\n')).toBe(true);
  });

  it('refuses a move to a shard the deployment does not have, or to where the site is', async () => {
    await siteInShard(site, 1);
    expect(await moveSite(env, site, 5)).toEqual({ moved: false, reason: 'there is no shard 5' });
    expect(await moveSite(env, site, 1)).toEqual({
      moved: false,
      reason: 'the site is in shard 1 already',
    });
    expect(await siteRowsIn(env.DB_1, site)).toMatchObject({ sites: 1 });
  });

  it('a move an operator asks for in the directory is done by the next cron pass, which writes what became of it', async () => {
    await siteInShard(site, 1);
    await confirmedPerson('asked@mover.example', 1);
    const ask = env.DIRECTORY.prepare(
      "INSERT INTO site_moves (site_id, to_shard, asked_at) VALUES (?, ?, datetime('now'))",
    );
    await env.DIRECTORY.batch([ask.bind(site, 2), ask.bind('no-such-site', 2)]);
    await runCron(new Date());
    const settled = await env.DIRECTORY.prepare(
      'SELECT site_id, outcome FROM site_moves WHERE done_at IS NOT NULL ORDER BY site_id',
    ).all();
    expect(settled.results).toEqual([
      { site_id: site, outcome: 'moved' },
      { site_id: 'no-such-site', outcome: 'shard 0 holds no site no-such-site' },
    ]);
    expect(await siteRowsIn(env.DB_1, site)).toEqual({});
    expect(await siteRowsIn(env.DB_2, site)).toMatchObject({ sites: 1, subjects: 1 });
  });
});
