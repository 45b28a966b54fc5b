import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { confirmPage } from '../pages/confirm-page.js';
import { confirm, previewConfirmation } from '../services/confirmation.js';

/** C6: opening the link only shows the page; the button's POST confirms. */
export const confirmRoutes = new Hono<AppEnv>()
  .get('/confirm/:token', async (c) => {
    const token = c.req.param('token');
    return confirmPage(c, await previewConfirmation(c.env.DB, token, new Date()), token);
  })
  .post('/confirm/:token', async (c) => {
    const token = c.req.param('token');
    return confirmPage(c, await confirm(c.env.DB, token, new Date()), token);
  });
