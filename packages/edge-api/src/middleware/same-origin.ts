import type { Context } from 'hono';

/**
 * Where a form POST came from, as the browser says it: `same-origin` when `Sec-Fetch-Site` says
 * so (its `Origin` then absent, this API's own, or `null`, which a same-origin form sends under
 * the pages' `Referrer-Policy: no-referrer`), or, without that header, when `Origin` is this
 * API's own; `other` for anything else; `unsaid` when neither header is there. Browsers send
 * `Sec-Fetch-Site` on every request, so a POST with neither is not the confirm page's button.
 */
export function postOrigin(c: Context, ownOrigin: string): 'same-origin' | 'other' | 'unsaid' {
  const fetchSite = c.req.header('sec-fetch-site');
  const origin = c.req.header('origin');
  if (fetchSite !== undefined) {
    if (fetchSite !== 'same-origin') return 'other';
    return origin === undefined || origin === ownOrigin || origin === 'null'
      ? 'same-origin'
      : 'other';
  }
  if (origin === undefined) return 'unsaid';
  return origin === ownOrigin ? 'same-origin' : 'other';
}

/** The origin this API answers on: PUBLIC_URL's, or in development the request's. */
export function ownOrigin(c: Context): string {
  return new URL(c.env.PUBLIC_URL ?? c.req.url).origin;
}
