import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../env.js';
import { openApiDocument } from '../openapi/document.js';
import { apiReferencePage, tryItScriptPath } from '../pages/api-reference.js';
import { tryItScript } from '../pages/api-reference-try-it.js';

/** The document never runs anything, wherever it is opened. */
const documentPolicy = "default-src 'none'; frame-ancestors 'none'";

/** `/openapi.json` for tools (any origin may read it) and `/docs`, the same document as a page. */
export const apiReferenceRoutes = new Hono<AppEnv>()
  .use('/openapi.json', cors({ origin: '*', allowMethods: ['GET', 'HEAD'] }))
  .get('/openapi.json', (c) =>
    c.json(openApiDocument(), 200, {
      'cache-control': 'public, max-age=300',
      'content-security-policy': documentPolicy,
      'x-content-type-options': 'nosniff',
    }),
  )
  .get('/docs', (c) => apiReferencePage(c, openApiDocument()))
  .get(tryItScriptPath, (c) =>
    c.body(tryItScript, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      'content-security-policy': documentPolicy,
      'x-content-type-options': 'nosniff',
    }),
  );
