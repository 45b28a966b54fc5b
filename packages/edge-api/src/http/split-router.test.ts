import type { Result } from 'hono/router';
import { TrieRouter } from 'hono/router/trie-router';
import { describe, expect, it } from 'vitest';
import { call, postJson, validRequestBody } from '../../test/worker.js';
import { app } from '../app.js';
import type { SplitRouter } from './split-router.js';

type Route = (typeof app.routes)[number];

/** The routes a match found, in order, each with its parameters by name. */
function found(result: Result<unknown>, routeOf: (handler: unknown) => Route) {
  const [matched, stash] = result as [[unknown, Record<string, unknown>][], unknown[]?];
  return matched.map(([handler, params]) => ({
    route: routeOf(handler),
    params: Object.fromEntries(
      Object.entries(params).map(([name, at]) => [name, stash ? stash[at as number] : at]),
    ),
  }));
}

/** A path each route matches: parameters and wildcards filled in, and some near misses. */
function samplePaths() {
  const paths = new Set(['/', '/v1/admin', '/v1/admin/', '/v1/administrator', '/v1/adminx/y']);
  for (const { path } of app.routes) {
    const filled = path.replace(/:[^/{]+(\{[^}]+\})?/g, 'p_1').replace(/\*/g, 'w/x');
    paths.add(filled);
    // `/x/*` matches `/x` too.
    if (path.endsWith('/*') && path !== '/*') paths.add(path.slice(0, -2));
    paths.add(`${filled}/more`);
  }
  return [...paths];
}

describe('routing: the public routes on RegExpRouter, the same handlers for every path', () => {
  it('a consent request and a confirmation are matched by RegExpRouter, the console apart', async () => {
    // Issue 23: two console routes made Hono fall back to its TrieRouter for every path.
    expect((await postJson('/v1/consent-requests', await validRequestBody())).status).toBe(202);
    expect((await call('/confirm/no-such-token')).status).toBe(404);
    expect((await call('/v1/admin/site')).status).toBe(401);
    const router = app.router as SplitRouter<unknown>;
    expect(router.main?.name).toBe('SmartRouter + RegExpRouter');
    expect(router.console?.name).toBe('SmartRouter + TrieRouter');
  });

  it('every path finds the routes, in the order and with the parameters, one TrieRouter finds', () => {
    const reference = new TrieRouter<Route>();
    for (const route of app.routes) reference.add(route.method, route.path, route);
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
    let compared = 0;
    for (const path of samplePaths()) {
      for (const method of methods) {
        const split = found(
          app.router.match(method, path),
          (handler) => (handler as [unknown, Route])[1],
        );
        const one = found(reference.match(method, path), (route) => route as Route);
        expect(split, `${method} ${path}`).toEqual(one);
        compared += split.length;
      }
    }
    expect(compared).toBeGreaterThan(app.routes.length);
  });
});
