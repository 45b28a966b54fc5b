import type { DevMailbox } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv, Env } from '../env.js';
import { fail } from '../http/errors.js';
import { devMailboxPage } from '../pages/dev-mailbox-page.js';
import { listDevMailbox } from '../store/dev-mailbox.js';
import { shardDatabases } from '../store/shards.js';

/** Each shard's sender writes to its own dev mailbox: the page shows them as one, newest first. */
async function everyShardsMailbox(env: Env) {
  const lists = await Promise.all(shardDatabases(env).map((db) => listDevMailbox(db)));
  // Stable: within one shard the store's order (time, then insertion) stays.
  return lists
    .flat()
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .slice(0, 50);
}

/** The local mailbox: exists only when ENVIRONMENT is `development`. */
export const devMailboxRoutes = new Hono<AppEnv>()
  .use('/dev/*', async (c, next) => {
    if (c.env.ENVIRONMENT !== 'development') return fail(c, 'not_found', 'No such route');
    await next();
  })
  .get('/dev/mailbox', async (c) => devMailboxPage(c, await everyShardsMailbox(c.env)))
  .get('/dev/mailbox.json', async (c) =>
    c.json({ messages: await everyShardsMailbox(c.env) } satisfies DevMailbox, 200, {
      'cache-control': 'no-store',
    }),
  );
