import { OwnerSessionRequestSchema, OwnerSignInLinkRequestSchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { parseJsonBody } from '../http/validate.js';
import { requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import {
  endOwnerSession,
  endOwnerSessionById,
  endOwnerSessionsOf,
  openOwnerSessionFromKey,
  openOwnerSessionFromLink,
  openOwnerSessionsOf,
  requestOwnerSignInLink,
} from '../services/owner-sessions.js';

const noStore = { 'cache-control': 'no-store' };

/**
 * The console's sign-in: a mailed single-use link, or a site key exchanged for a session; and
 * the site's open sessions, listed and ended one by one or all at once.
 */
export const ownerSessionRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .post('/v1/admin/sign-in-links', async (c) => {
    const input = await parseJsonBody(c, OwnerSignInLinkRequestSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const send = await requestOwnerSignInLink(c.env, input.value, {
      publicUrl: c.env.PUBLIC_URL ?? new URL(c.req.url).origin,
      clientIp: c.req.header('cf-connecting-ip') ?? null,
      now: new Date(),
    });
    if (!send.ok) return errorResponse(c, send.error);
    const mail = send.value;
    if (mail) {
      c.executionCtx.waitUntil(
        mail().catch((error: Error) => console.error(`signet: sign-in mail failed: ${error.name}`)),
      );
    }
    return c.json({ status: 'sent-if-owner' as const }, 202);
  })
  .post('/v1/admin/sessions', async (c, next) => {
    // With a key it is the key's route (checked below); with a body, the link's.
    if (c.req.header('authorization') !== undefined) return next();
    const input = await parseJsonBody(c, OwnerSessionRequestSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const session = await openOwnerSessionFromLink(c.env.DB, input.value.token ?? '', new Date());
    if (!session.ok) return errorResponse(c, session.error);
    // The admin log records the sign-in under the owner who used the link, in the new session.
    c.set('siteId', session.value.site);
    c.set('keyId', session.value.actor);
    c.set('ownerSession', { id: session.value.id, createdAt: new Date().toISOString() });
    return c.json(session.value, 201, noStore);
  })
  .post('/v1/admin/sessions', requireSiteKey(), async (c) => {
    const opened = await openOwnerSessionFromKey(c.env.DB, c.var, new Date());
    if (!opened.ok) return errorResponse(c, opened.error);
    c.set('ownerSession', { id: opened.value.id, createdAt: new Date().toISOString() });
    return c.json(opened.value, 201, noStore);
  })
  .get('/v1/admin/sessions', requireSiteKey(), async (c) => {
    const list = await openOwnerSessionsOf(c.env.DB, c.var.siteId, c.var.ownerSession, new Date());
    return c.json(list, 200, noStore);
  })
  .delete('/v1/admin/sessions', requireSiteKey(), async (c) =>
    c.json(await endOwnerSessionsOf(c.env.DB, c.var.siteId)),
  )
  .delete('/v1/admin/sessions/current', requireSiteKey(), async (c) => {
    await endOwnerSession(c.env.DB, c.var.bearer);
    return c.body(null, 204);
  })
  .delete('/v1/admin/sessions/:id', requireSiteKey(), async (c) => {
    const ended = await endOwnerSessionById(c.env.DB, c.var.siteId, c.req.param('id'));
    return ended.ok ? c.body(null, 204) : errorResponse(c, ended.error);
  });
