import type { MiddlewareHandler } from 'hono';

export type RequestIdEnv = { Variables: { requestId: string } };

/** The header every answer carries; the same id is in an error answer's body. */
export const requestIdHeader = 'Request-Id';

/** `req_` and 32 hex digits: unguessable, and never taken from the request (a caller could reuse one). */
function newRequestId() {
  return `req_${crypto.randomUUID().replaceAll('-', '')}`;
}

/**
 * Gives each request its own id, for a developer to quote and an operator to find in the logs:
 * set before any other middleware, so error answers (`fail` reads it) and early refusals carry it.
 */
export function requestIds(): MiddlewareHandler<RequestIdEnv> {
  return async (c, next) => {
    const id = newRequestId();
    c.set('requestId', id);
    await next();
    try {
      c.res.headers.set(requestIdHeader, id);
    } catch {
      // A Response made by Response.redirect() or fetch() has immutable headers: copy it once.
      c.res = new Response(c.res.body, c.res);
      c.res.headers.set(requestIdHeader, id);
    }
  };
}
