// What a shop sees of a call besides its answer: status, request id and Retry-After on an error,
// the SDK's User-Agent, and tracing hooks that never see the key or a body.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSignetAdmin, createSignetServer, type ResponseEvent } from '../server.js';
import { sdkVersion } from '../version.js';

const endpoint = 'https://signet.test';
const apiKey = 'sk_secret_never_traced';
const api = setupServer();
beforeAll(() => api.listen({ onUnhandledFrame: 'error' }));
afterEach(() => api.resetHandlers());
afterAll(() => api.close());

const options = { endpoint, site: 'shop', apiKey, retryBaseMs: 5, maxRetries: 0 };
const limited = (retryAfter: string) =>
  HttpResponse.json(
    { error: { code: 'rate_limited', message: 'slow down', field: null, requestId: 'req_body' } },
    { status: 429, headers: { 'retry-after': retryAfter, 'request-id': 'req_body' } },
  );
const check = { email: 'a@example.org', purpose: 'newsletter' };

describe('an error says its status, request id and Retry-After', () => {
  it('a 429 with Retry-After in seconds', async () => {
    api.use(http.post(`${endpoint}/v1/consents/check`, () => limited('30')));
    const decision = await createSignetServer(options).mayContact(check);
    expect(decision).toMatchObject({
      reason: 'error',
      error: { code: 'rate_limited', status: 429, requestId: 'req_body', retryAfterMs: 30_000 },
    });
  });

  it('a 429 with Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    api.use(http.get(`${endpoint}/v1/admin/site`, () => limited(at)));
    const result = await createSignetAdmin(options).site();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: 'rate_limited', status: 429 });
    // The date has whole seconds: up to a second less than asked, never more.
    expect(result.error.retryAfterMs).toBeGreaterThan(118_000);
    expect(result.error.retryAfterMs).toBeLessThanOrEqual(120_000);
  });

  it('an error body without an id takes the header’s; no answer is status 0 without an id', async () => {
    api.use(
      http.get(`${endpoint}/v1/admin/site`, () =>
        HttpResponse.json(
          { error: { code: 'unauthorized', message: 'no', field: null } },
          { status: 401, headers: { 'request-id': 'req_header' } },
        ),
      ),
    );
    const refused = await createSignetAdmin(options).site();
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'unauthorized',
        message: 'no',
        field: null,
        status: 401,
        requestId: 'req_header',
        retryAfterMs: null,
      },
    });
    api.use(http.get(`${endpoint}/v1/admin/site`, () => HttpResponse.error()));
    const unreached = await createSignetAdmin(options).site();
    expect(unreached).toMatchObject({ ok: false, error: { code: 'network', status: 0 } });
    if (!unreached.ok) expect(unreached.error.requestId).toBeUndefined();
  });
});

describe('User-Agent and tracing hooks', () => {
  it('sends User-Agent: signet-sdk/<version> from a server, none from a page', async () => {
    let agent: string | null = null;
    api.use(
      http.get(`${endpoint}/v1/admin/site`, ({ request }) => {
        agent = request.headers.get('user-agent');
        return HttpResponse.json({}, { status: 500 });
      }),
    );
    await createSignetAdmin(options).site();
    expect(agent).toBe(`signet-sdk/${sdkVersion}`);
    expect(sdkVersion).toMatch(/^\d+\.\d+\.\d+/);
    // In a page (the owner console uses this client) it sets none: browsers forbid it.
    vi.stubGlobal('document', {});
    try {
      await createSignetAdmin(options).site();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(agent).not.toContain('signet-sdk');
  });

  it('tells the hooks each attempt’s method, url, status, request id and duration, never the key or a body', async () => {
    let calls = 0;
    api.use(
      http.post(`${endpoint}/v1/consent-requests`, () => {
        calls += 1;
        return calls === 1
          ? HttpResponse.json({}, { status: 503, headers: { 'request-id': 'req_first' } })
          : HttpResponse.json(
              { status: 'pending' },
              { status: 202, headers: { 'request-id': 'req_second' } },
            );
      }),
    );
    const seen: unknown[] = [];
    const responses: ResponseEvent[] = [];
    const signet = createSignetServer({
      ...options,
      maxRetries: 1,
      onRequest: (event) => seen.push(event),
      onResponse: (event) => {
        seen.push(event);
        responses.push(event);
      },
    });
    const email = 'traced-person@example.org';
    const result = await signet.requestConsent({
      email,
      purposes: [{ id: 'newsletter', wordingVersion: 'a'.repeat(64) }],
      locale: 'en',
      pageUrl: 'https://shop.example/checkout',
      evidence: { clientIp: '203.0.113.9' },
    });
    expect(result).toEqual({ ok: true, value: { status: 'pending' } });
    const url = `${endpoint}/v1/consent-requests`;
    expect(seen).toEqual([
      { method: 'POST', url, attempt: 0 },
      expect.objectContaining({ method: 'POST', url, attempt: 0, status: 503 }),
      { method: 'POST', url, attempt: 1 },
      expect.objectContaining({ method: 'POST', url, attempt: 1, status: 202 }),
    ]);
    expect(responses.map((event) => event.requestId)).toEqual(['req_first', 'req_second']);
    for (const event of responses) expect(event.durationMs).toBeGreaterThanOrEqual(0);
    const told = JSON.stringify(seen);
    expect(told).not.toContain(apiKey);
    expect(told).not.toContain(email);
    expect(told).not.toContain('pending');
  });

  it('a hook that throws or rejects does not break the call', async () => {
    api.use(http.get(`${endpoint}/v1/admin/site`, () => HttpResponse.json({}, { status: 404 })));
    const admin = createSignetAdmin({
      ...options,
      onRequest: () => {
        throw new Error('tracer down');
      },
      onResponse: () => Promise.reject(new Error('tracer down')) as unknown as undefined,
    });
    const result = await admin.site();
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_response', status: 404 } });
  });
});
