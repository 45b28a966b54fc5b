import type { Context } from 'hono';

/**
 * Whether a form POST came from a page of this origin (the confirm page's own button). Browsers
 * send Sec-Fetch-Site on every request; Origin may be `null` for a same-origin form under
 * `Referrer-Policy: no-referrer`, so only another real origin counts against it.
 */
export function isSameOriginPost(c: Context, ownOrigin: string): boolean {
  const fetchSite = c.req.header('sec-fetch-site');
  if (fetchSite !== undefined && fetchSite !== 'same-origin') return false;
  const origin = c.req.header('origin');
  return origin === undefined || origin === 'null' || origin === ownOrigin;
}

/** The origin this API answers on: PUBLIC_URL's, or in development the request's. */
export function ownOrigin(c: Context): string {
  return new URL(c.env.PUBLIC_URL ?? c.req.url).origin;
}
