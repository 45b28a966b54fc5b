import { ErrorResponseSchema } from '@signet/sdk';
import fc from 'fast-check';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, rowCounts, testOrigin, validRequestBody } from '../test/worker.js';

// S6: generated malformed and hostile input against every public endpoint. Each request must be
// answered below 500, /v1 errors in the JSON error shape, and nothing may be written.

const hostileStrings = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    "' OR 1=1 --",
    '"; DROP TABLE subjects; --',
    '<script>alert(1)</script>',
    '../../etc/passwd',
    '%00',
    '\u0000\u202e',
    'javascript:alert(1)',
    '{{constructor.constructor("x")()}}',
    '__proto__',
    'a'.repeat(5000),
  ),
);

const anyJson = fc.oneof(
  fc.jsonValue(),
  hostileStrings,
  fc.dictionary(hostileStrings, fc.jsonValue(), { maxKeys: 5 }),
);

type Body = Awaited<ReturnType<typeof validRequestBody>>;
let valid: Body;

/** A valid body with one corruption that must make it invalid. */
function corrupted(): fc.Arbitrary<unknown> {
  const notLocale = hostileStrings.filter((s) => s !== 'de' && s !== 'en');
  const notEmail = hostileStrings.map((s) => s.replaceAll('@', ''));
  const badPurpose = fc.oneof(
    fc.record({ id: hostileStrings, wordingVersion: hostileStrings }),
    fc.record({
      id: fc.constantFrom('newsletter', 'prize-draw'),
      wordingVersion: fc.stringMatching(/^[0-9a-f]{64}$/),
    }),
    anyJson,
  );
  return fc.oneof(
    anyJson,
    fc
      .record({ site: hostileStrings.filter((s) => s !== 'demo') })
      .map((p) => ({ ...valid, ...p })),
    notEmail.map((email) => ({ ...valid, email })),
    notLocale.map((locale) => ({ ...valid, locale })),
    hostileStrings.map((pageUrl) => ({ ...valid, pageUrl: `x${pageUrl}` })),
    fc
      .array(badPurpose, { minLength: 1, maxLength: 3 })
      .map((purposes) => ({ ...valid, purposes })),
    fc.constantFrom([], null, {}, 'newsletter').map((purposes) => ({ ...valid, purposes })),
    hostileStrings.map((phone) => ({ ...valid, phone: `0${phone}` })),
    fc.tuple(hostileStrings, anyJson).map(([key, value]) => ({ ...valid, [`x-${key}`]: value })),
    fc.constantFrom('site', 'email', 'purposes', 'locale', 'pageUrl').map((key) => {
      const { [key as keyof Body]: _dropped, ...rest } = valid;
      return rest;
    }),
  );
}

const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,300}$/);

async function expectJsonError(response: Response, what: string) {
  expect(response.status, what).toBeGreaterThanOrEqual(400);
  expect(response.status, what).toBeLessThan(500);
  const body = await response.json();
  expect(v.is(ErrorResponseSchema, body), `${what}: ${JSON.stringify(body)}`).toBe(true);
}

let before: Record<string, number>;
beforeAll(async () => {
  valid = await validRequestBody('fuzz@example.org');
  before = await rowCounts();
});

describe('S6: fuzzing every public endpoint', () => {
  it('S6: POST /v1/consent-requests refuses 1,200 malformed bodies with JSON errors', async () => {
    await fc.assert(
      fc.asyncProperty(corrupted(), async (body) => {
        const response = await call('/v1/consent-requests', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: testOrigin },
          body: JSON.stringify(body) ?? 'undefined',
        });
        await expectJsonError(response, JSON.stringify(body)?.slice(0, 200) ?? '');
      }),
      { numRuns: 1200 },
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('S6: POST /v1/consent-requests survives 300 hostile header and raw-body combinations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          contentType: fc.oneof(headerValue, fc.constant('application/json')),
          origin: headerValue,
          idempotencyKey: headerValue,
          ip: headerValue,
          raw: fc.oneof(
            hostileStrings,
            fc.constant('{"site":'),
            corrupted().map((b) => JSON.stringify(b) ?? ''),
          ),
        }),
        async ({ contentType, origin, idempotencyKey, ip, raw }) => {
          const response = await call('/v1/consent-requests', {
            method: 'POST',
            headers: {
              'content-type': contentType,
              origin,
              'idempotency-key': idempotencyKey,
              'cf-connecting-ip': ip,
            },
            body: raw,
          });
          await expectJsonError(response, `${contentType} ${raw.slice(0, 100)}`);
        },
      ),
      { numRuns: 300 },
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('S6: GET /v1/sites/{site}/form refuses 250 hostile site ids and query strings', async () => {
    await fc.assert(
      fc.asyncProperty(hostileStrings, hostileStrings, async (site, query) => {
        const path = `/v1/sites/${encodeURIComponent(site)}/form?${encodeURIComponent(query)}=${encodeURIComponent(site)}&locale=${encodeURIComponent(query)}`;
        const response = await call(path);
        if (response.status === 200) return; // a query that happens to be harmless
        await expectJsonError(response, path);
      }),
      { numRuns: 250 },
    );
  });

  it('S6: GET and POST /confirm/{token} answer 250 hostile tokens with a 4xx page', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileStrings.filter((s) => s.length > 0),
        fc.constantFrom('GET', 'POST'),
        async (token, method) => {
          const response = await call(`/confirm/${encodeURIComponent(token)}`, { method });
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 250 },
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('S6: GET /v1/consents/check refuses 200 hostile keys and queries', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, hostileStrings, async (authorization, query) => {
        const response = await call(
          `/v1/consents/check?email=${encodeURIComponent(query)}&purpose=${encodeURIComponent(query)}`,
          {
            headers: { authorization },
          },
        );
        await expectJsonError(response, `${authorization} ${query}`);
      }),
      { numRuns: 200 },
    );
  });

  it('S6: the site-owner routes answer 300 hostile bodies and paths below 500, errors as JSON', async () => {
    const routes = [
      ['PATCH', () => '/v1/admin/site'],
      ['PUT', (id: string) => `/v1/admin/purposes/${encodeURIComponent(id)}`],
      ['POST', (id: string) => `/v1/admin/purposes/${encodeURIComponent(id)}/wordings`],
      ['GET', (id: string) => `/v1/admin/subjects/consents?email=${encodeURIComponent(id)}`],
      [
        'GET',
        (id: string) => `/v1/records/${encodeURIComponent(id)}?since=${encodeURIComponent(id)}`,
      ],
      ['GET', (id: string) => `/v1/consents/evidence?phone=${encodeURIComponent(id)}&purpose=x`],
    ] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        hostileStrings,
        anyJson,
        async ([method, path], id, body) => {
          const response = await call(path(id), {
            method,
            headers: {
              authorization: 'Bearer sk_demo_local_development_only',
              'content-type': 'application/json',
            },
            ...(method === 'GET' ? {} : { body: JSON.stringify(body) ?? 'null' }),
          });
          expect(response.status, `${method} ${path(id)}`).toBeLessThan(500);
          if (response.status >= 400) await expectJsonError(response, `${method} ${path(id)}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('S6: unknown routes and methods answer in the JSON error shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        hostileStrings,
        fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH'),
        async (path, method) => {
          const response = await call(`/v1/${encodeURIComponent(path)}/x`, { method });
          await expectJsonError(response, `${method} ${path}`);
        },
      ),
      { numRuns: 100 },
    );
    // The site-owner fuzzing above may send a valid change (an empty PATCH), which the admin
    // log records; nothing else may have grown.
    const { admin_events: _logged, ...after } = await rowCounts();
    const { admin_events: _before, ...expected } = before;
    expect(after).toEqual(expected);
  });
});
