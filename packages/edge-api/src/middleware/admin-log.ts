import type { MiddlewareHandler } from 'hono';
import { newId } from '../crypto/tokens.js';
import type { AppEnv } from '../env.js';
import { insertAdminEvent } from '../store/admin-events.js';
import type { SiteKeyEnv } from './site-key.js';

const changes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Lookups by address are POSTs only to keep the address out of URLs; they change nothing. */
const lookups = new Set([
  '/v1/admin/subjects/consents',
  '/v1/admin/suppressions/lookup',
  '/v1/admin/subjects/export',
]);

/** Reads that hand out personal data: logged although they change nothing. */
const handovers = new Set(['/v1/admin/subjects/export', '/v1/admin/export']);

/**
 * Logs every admin action that changed something, once it has answered: the route (never its
 * body, which may hold an address), its parameters, the status, the key or owner that did it and
 * the console session it was done in (for a sign-in, the session it opened). An export is logged
 * too, a person's or the whole site's: handing out people's data is an act the owner must be able
 * to trace. A streamed export is logged once its answer starts.
 */
export function logAdminActions(): MiddlewareHandler<AppEnv & SiteKeyEnv> {
  return async (c, next) => {
    await next();
    const path = c.req.routePath;
    const logged = (changes.has(c.req.method) && !lookups.has(path)) || handovers.has(path);
    if (!logged || c.res.status >= 400 || !c.get('keyId')) return;
    const params = c.req.param() as Record<string, string>;
    await insertAdminEvent(c.env.DB, {
      id: newId(),
      siteId: c.var.siteId,
      keyId: c.var.keyId,
      sessionId: c.get('ownerSession')?.id ?? null,
      action: `${c.req.method} ${path}`,
      target: Object.keys(params).length ? JSON.stringify(params) : null,
      status: c.res.status,
      createdAt: new Date().toISOString(),
    }).run();
  };
}
