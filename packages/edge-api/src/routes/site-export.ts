import { siteExportMediaType } from '@signet/sdk';
import { Hono } from 'hono';
import { loadSigner } from '../crypto/signer.js';
import type { AppEnv } from '../env.js';
import { fail } from '../http/errors.js';
import { requireFreshCaller, requireSiteKey, type SiteKeyEnv } from '../middleware/site-key.js';
import { siteExport } from '../services/site-export.js';
import { siteExportJsonSchema } from '../services/site-export-schema.js';

/**
 * Leaving with everything (M2): the whole site as NDJSON, for the site key or a console session
 * opened in the last 15 minutes (it holds every person's contact data); the admin log notes it.
 */
export const siteExportRoutes = new Hono<AppEnv & SiteKeyEnv>()
  .use('/v1/admin/export', requireSiteKey(), requireFreshCaller())
  .get('/v1/admin/export', async (c) => {
    const signer = await loadSigner(c.env.SIGNING_KEY).catch(() => null);
    if (!signer) return fail(c, 'internal', 'No signing key is configured');
    const origin = c.env.PUBLIC_URL ?? new URL(c.req.url).origin;
    const now = new Date();
    const body = await siteExport(c.env, signer, c.var.siteId, origin, now);
    const day = now.toISOString().slice(0, 10);
    return c.body(body, 200, {
      'content-type': `${siteExportMediaType}; charset=utf-8`,
      'content-disposition': `attachment; filename="signet-site-export-${c.var.siteId}-${day}.ndjson"`,
      'cache-control': 'no-store',
    });
  })
  .get('/schemas/site-export.json', (c) =>
    c.json(siteExportJsonSchema(), 200, { 'cache-control': 'public, max-age=3600' }),
  );
