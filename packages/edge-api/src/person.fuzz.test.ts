import { ErrorResponseSchema } from '@signet/sdk';
import fc from 'fast-check';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, rowCounts, sql, testOrigin } from '../test/worker.js';

// S6 for the person's routes (issue 10): generated hostile input against every new public route.
// Each request is answered below 500, /v1 errors in the JSON error shape, and nothing is written
// but the per-client tickets of S4 that a well-formed attempt at a session takes.

const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
  fc.constantFrom(
    "' OR 1=1 --",
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '\u0000\u202e',
    '__proto__',
    'a'.repeat(5000),
    '12345678',
  ),
);
const anyJson = fc.oneof(
  fc.jsonValue(),
  hostile,
  fc.dictionary(hostile, fc.jsonValue(), { maxKeys: 5 }),
  fc.record({ site: hostile, email: hostile }),
  fc.record({ token: hostile }),
  fc.record({ site: fc.constant('demo'), email: hostile, code: hostile }),
  fc.record({ purposes: fc.array(hostile, { maxLength: 60 }) }),
);
const bearer = fc.oneof(
  fc.stringMatching(/^[\x20-\x7e]{0,80}$/),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((token) => `Bearer ${token}`),
);

async function expectJsonError(response: Response, what: string) {
  expect(response.status, what).toBeGreaterThanOrEqual(400);
  expect(response.status, what).toBeLessThan(500);
  expect(v.is(ErrorResponseSchema, await response.json()), what).toBe(true);
}

/**
 * Rows per table, less the S4 tickets of the per-client limit on opening sessions: a body that
 * is well formed (a token of the right shape, say) takes one before it is refused.
 */
async function rowsBesidesTickets() {
  const counts = await rowCounts();
  const [tickets] = await sql<{ n: number }>(
    "SELECT COUNT(*) AS n FROM rate_events WHERE bucket LIKE 'preference-session:%'",
  );
  return { ...counts, rate_events: (counts.rate_events ?? 0) - (tickets?.n ?? 0) };
}

let before: Record<string, number>;
beforeAll(async () => {
  before = await rowsBesidesTickets();
});

describe("S6: fuzzing the person's routes", () => {
  it('S6: POST /v1/preference-links and /v1/preference-sessions refuse 800 hostile bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/preference-links', '/v1/preference-sessions'),
        anyJson,
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async (path, body, type) => {
          const response = await call(path, {
            method: 'POST',
            headers: { 'content-type': type, origin: testOrigin },
            body: JSON.stringify(body) ?? 'null',
          });
          await expectJsonError(response, `${path} ${JSON.stringify(body)?.slice(0, 120)}`);
        },
      ),
      { numRuns: 800 },
    );
    expect(await rowsBesidesTickets()).toEqual(before);
  });

  it('S6: the session routes refuse 700 hostile bearers and bodies with 401 JSON', async () => {
    const routes = [
      ['GET', '/v1/me'],
      ['GET', '/v1/me?locale=en'],
      ['POST', '/v1/me/withdrawals'],
      ['GET', '/v1/me/export?format=json'],
      ['POST', '/v1/me/erasure'],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        bearer,
        anyJson,
        async ([method, path], authorization, body) => {
          const response = await call(path, {
            method,
            headers: { authorization, 'content-type': 'application/json' },
            ...(method === 'GET' ? {} : { body: JSON.stringify(body) ?? 'null' }),
          });
          await expectJsonError(response, `${method} ${path} ${authorization}`);
        },
      ),
      { numRuns: 700 },
    );
    expect(await rowsBesidesTickets()).toEqual(before);
  });

  it('S6: /u/{token} and /p/{site} answer 600 hostile paths and bodies with a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostile.filter((s) => s.length > 0),
        fc.constantFrom('GET /u', 'POST /u', 'GET /p'),
        fc.oneof(fc.constant('List-Unsubscribe=One-Click'), hostile),
        async (segment, route, body) => {
          const [method, prefix] = route.split(' ') as ['GET' | 'POST', string];
          const response = await call(`${prefix}/${encodeURIComponent(segment)}`, {
            method,
            ...(method === 'POST'
              ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body }
              : {}),
          });
          const what = `${route}/${segment}`;
          expect(response.status, what).toBeLessThan(500);
          // A hostile segment that happens to be a real site's id gets that site's page.
          if (!(route === 'GET /p' && segment === 'demo')) {
            expect(response.status, what).toBeGreaterThanOrEqual(400);
          }
        },
      ),
      { numRuns: 600 },
    );
    expect(await rowsBesidesTickets()).toEqual(before);
  });
});
