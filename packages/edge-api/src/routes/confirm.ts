import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { confirmPage } from '../pages/confirm-page.js';
import { confirm, previewConfirmation } from '../services/confirmation.js';
import { sealInBackground } from '../services/record-log.js';

/** C6: opening the link only shows the page; the button's POST confirms. */
export const confirmRoutes = new Hono<AppEnv>()
  .get('/confirm/:token', async (c) => {
    const token = c.req.param('token');
    return confirmPage(c, await previewConfirmation(c.env.DB, token, new Date()), token);
  })
  .post('/confirm/:token', async (c) => {
    const token = c.req.param('token');
    const view = await confirm(c.env.DB, token, {
      now: new Date(),
      clientIp: c.req.header('cf-connecting-ip') ?? null,
      userAgent: c.req.header('user-agent') ?? null,
      indexKey: c.env.INDEX_KEY,
    });
    if (view.state === 'confirmed') sealInBackground(c.env, c.executionCtx);
    return confirmPage(c, view, token);
  });
