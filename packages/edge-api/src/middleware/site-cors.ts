import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../env.js';
import { isOriginOfAnySite } from '../store/sites.js';

/**
 * CORS for the browser-facing API: an origin is answered only if some site lists it. Which site
 * a request may act for is checked again in the service, against the site the body names (S5).
 */
export function siteCors(): MiddlewareHandler<AppEnv> {
  return cors({
    origin: async (origin, c) =>
      origin && (await isOriginOfAnySite(c.env.DB, origin)) ? origin : null,
    allowMethods: ['GET', 'POST', 'OPTIONS'],
    allowHeaders: ['content-type', 'idempotency-key', 'authorization'],
    maxAge: 600,
  });
}
