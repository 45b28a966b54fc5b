import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newestMailIn, siteInShard } from '../test/shards.js';
import { call, pressConfirm, runCron } from '../test/worker.js';

/** A shard whose every query fails, as a database that is down would. */
const downShard = {
  prepare() {
    throw new Error('D1_ERROR: the shard is down');
  },
  batch() {
    throw new Error('D1_ERROR: the shard is down');
  },
} as unknown as D1Database;

afterEach(() => vi.restoreAllMocks());

describe('the cron over every shard (decision 0009)', () => {
  it("one shard's failure does not stop the next shard's pass", async () => {
    await siteInShard('south', 2);
    const form = (await (await call('/v1/sites/south/form?locale=en')).json()) as {
      purposes: { id: string; wordingVersion: string }[];
    };
    const email = 'cron@south.example';
    await call('/v1/consent-requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://south.example' },
      body: JSON.stringify({
        site: 'south',
        email,
        purposes: form.purposes.map(({ id, wordingVersion }) => ({ id, wordingVersion })),
        locale: 'en',
        pageUrl: 'https://south.example/newsletter',
      }),
    });
    const link = (await newestMailIn(env.DB_2, email)).match(/\/confirm\/2\.[A-Za-z0-9_-]{43}/);
    await pressConfirm(link?.[0] ?? '');
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});

    await runCron(new Date(), { DB_1: downShard } as Partial<typeof env>);

    const lines = logged.mock.calls.flat().join('\n');
    expect(lines).toContain('cron step shard 1 failed: Error: D1_ERROR: the shard is down');
    expect(lines).not.toContain('shard 2');
    // Shard 2's pass still ran after it: the grown log got its checkpoint.
    const checkpoints = await env.DB_2.prepare(
      "SELECT COUNT(*) AS n FROM checkpoints WHERE site_id = 'south'",
    ).first<{ n: number }>();
    expect(checkpoints?.n).toBeGreaterThan(0);
  });
});
