import { OwnerSessionRequestSchema, OwnerSignInLinkRequestSchema } from '@signet/sdk';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { errorResponse } from '../http/errors.js';
import { parseJsonBody } from '../http/validate.js';
import { requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import {
  endOwnerSession,
  openOwnerSessionFromKey,
  openOwnerSessionFromLink,
  requestOwnerSignInLink,
} from '../services/owner-sessions.js';

const noStore = { 'cache-control': 'no-store' };

/** The console's sign-in: a mailed single-use link, or a site key exchanged for a session. */
export const ownerSessionRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .post('/v1/admin/sign-in-links', async (c) => {
    const input = await parseJsonBody(c, OwnerSignInLinkRequestSchema);
    if (!input.ok) return errorResponse(c, input.error);
    const publicUrl = c.env.PUBLIC_URL ?? new URL(c.req.url).origin;
    const send = await requestOwnerSignInLink(c.env, input.value, publicUrl, new Date());
    if (send) {
      c.executionCtx.waitUntil(
        send().catch((error: Error) => console.error(`signet: sign-in mail failed: ${error.name}`)),
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
    // The admin log records the sign-in under the owner who used the link.
    c.set('siteId', session.value.site);
    c.set('keyId', session.value.actor);
    return c.json(session.value, 201, noStore);
  })
  .post('/v1/admin/sessions', requireSiteKey(), async (c) => {
    const key = { siteId: c.var.siteId, id: c.var.keyId };
    return c.json(await openOwnerSessionFromKey(c.env.DB, key, new Date()), 201, noStore);
  })
  .delete('/v1/admin/sessions/current', requireSiteKey(), async (c) => {
    await endOwnerSession(c.env.DB, c.var.bearer);
    return c.body(null, 204);
  });
