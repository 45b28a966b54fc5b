import type { DevMailbox } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { fail } from '../http/errors.js';
import { devMailboxPage } from '../pages/dev-mailbox-page.js';
import { listDevMailbox } from '../store/dev-mailbox.js';

/** The local mailbox: exists only when ENVIRONMENT is `development`. */
export const devMailboxRoutes = new Hono<AppEnv>()
  .use('/dev/*', async (c, next) => {
    if (c.env.ENVIRONMENT !== 'development') return fail(c, 'not_found', 'No such route');
    await next();
  })
  .get('/dev/mailbox', async (c) => devMailboxPage(c, await listDevMailbox(c.env.DB)))
  .get('/dev/mailbox.json', async (c) =>
    c.json({ messages: await listDevMailbox(c.env.DB) } satisfies DevMailbox, 200, {
      'cache-control': 'no-store',
    }),
  );
