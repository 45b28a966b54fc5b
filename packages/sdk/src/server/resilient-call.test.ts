// The server SDK's behaviour on a bad network, with msw standing in for the API: timeouts,
// 5xx then success, 429 with Retry-After, and what is never retried.
import { delay, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSignetServer } from '../server.js';
import { retryAfterMs } from './resilient-call.js';

const endpoint = 'https://signet.test';
const api = setupServer();
beforeAll(() => api.listen({ onUnhandledFrame: 'error' }));
afterEach(() => api.resetHandlers());
afterAll(() => api.close());

const signet = (options: Partial<Parameters<typeof createSignetServer>[0]> = {}) =>
  createSignetServer({ endpoint, site: 'shop', apiKey: 'sk_test', retryBaseMs: 5, ...options });

const request = {
  email: 'customer@example.org',
  purposes: [{ id: 'newsletter', wordingVersion: 'a'.repeat(64) }],
  locale: 'en' as const,
  pageUrl: 'https://shop.example/checkout',
  evidence: { clientIp: '203.0.113.9' },
};

const allowed = {
  allowed: true,
  since: '2026-11-01T10:00:00.000Z',
  basis: 'double-opt-in',
  record: {
    id: 'r1',
    event: 'confirmed',
    wordingVersion: 'a'.repeat(64),
    at: '2026-11-01T10:00:00.000Z',
  },
};

describe('retries', () => {
  it('retries a 503 and then succeeds, creating one request under one Idempotency-Key', async () => {
    const created = new Set<string>();
    const keys: string[] = [];
    let calls = 0;
    api.use(
      http.post(`${endpoint}/v1/consent-requests`, ({ request: sent }) => {
        calls += 1;
        const key = sent.headers.get('idempotency-key') ?? '';
        keys.push(key);
        if (calls === 1) {
          created.add(key); // the API did the work, then the answer was lost
          return HttpResponse.json(
            { error: { code: 'internal', message: 'x', field: null } },
            { status: 503 },
          );
        }
        created.add(key);
        return HttpResponse.json({ status: 'pending' }, { status: 202 });
      }),
    );
    expect(await signet().requestConsent(request)).toEqual({
      ok: true,
      value: { status: 'pending' },
    });
    expect(calls).toBe(2);
    expect(new Set(keys).size).toBe(1);
    expect(created.size).toBe(1);
  });

  it('passes its own Idempotency-Key when given one (an order id)', async () => {
    let key: string | null = null;
    api.use(
      http.post(`${endpoint}/v1/consent-requests`, ({ request: sent }) => {
        key = sent.headers.get('idempotency-key');
        return HttpResponse.json({ status: 'pending' }, { status: 202 });
      }),
    );
    await signet().requestConsent(request, { idempotencyKey: 'order-4711' });
    expect(key).toBe('order-4711');
  });

  it('waits as long as Retry-After says on a 429', async () => {
    const at: number[] = [];
    api.use(
      http.post(`${endpoint}/v1/consents/check`, () => {
        at.push(performance.now());
        if (at.length === 1) {
          return HttpResponse.json(
            { error: { code: 'rate_limited', message: 'slow down', field: null } },
            { status: 429, headers: { 'retry-after': '1' } },
          );
        }
        return HttpResponse.json(allowed);
      }),
    );
    const decision = await signet().mayContact({ email: 'a@example.org', purpose: 'newsletter' });
    expect(decision.allowed).toBe(true);
    expect((at[1] ?? 0) - (at[0] ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('does not wait for a Retry-After beyond its limit: fails with rate_limited and says when', async () => {
    let calls = 0;
    api.use(
      http.post(`${endpoint}/v1/consents/check`, () => {
        calls += 1;
        return HttpResponse.json(
          { error: { code: 'rate_limited', message: 'slow down', field: null } },
          { status: 429, headers: { 'retry-after': '3600' } },
        );
      }),
    );
    const decision = await signet().mayContact({ email: 'a@example.org', purpose: 'newsletter' });
    expect(calls).toBe(1);
    expect(decision).toMatchObject({
      allowed: false,
      reason: 'error',
      error: { code: 'rate_limited' },
    });
    if (decision.reason === 'error') expect(decision.error.message).toContain('Retry-After: 3600');
  });

  it('times an attempt out, retries, and fails closed when every attempt is too slow', async () => {
    let calls = 0;
    api.use(
      http.post(`${endpoint}/v1/consents/check`, async () => {
        calls += 1;
        await delay(500);
        return HttpResponse.json(allowed);
      }),
    );
    const decision = await signet({ timeoutMs: 50, maxRetries: 2 }).mayContact({
      email: 'a@example.org',
      purpose: 'newsletter',
    });
    expect(calls).toBe(3);
    expect(decision).toMatchObject({ allowed: false, reason: 'error', error: { code: 'timeout' } });
  });

  it('never retries a 4xx other than 429', async () => {
    let calls = 0;
    api.use(
      http.post(`${endpoint}/v1/consent-requests`, () => {
        calls += 1;
        return HttpResponse.json(
          {
            error: { code: 'outdated_wording', message: 'old', field: 'purposes.0.wordingVersion' },
          },
          { status: 409 },
        );
      }),
    );
    const result = await signet().requestConsent(request);
    expect(calls).toBe(1);
    expect(result).toMatchObject({ ok: false, error: { code: 'outdated_wording' } });
  });

  it('stops when the caller aborts, also while waiting to retry', async () => {
    api.use(
      http.post(`${endpoint}/v1/consents/check`, () => new HttpResponse(null, { status: 503 })),
    );
    const controller = new AbortController();
    const pending = signet({ retryBaseMs: 10_000 }).mayContact(
      { email: 'a@example.org', purpose: 'newsletter' },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(new Error('shop is shutting down')), 30);
    await expect(pending).rejects.toThrow('shop is shutting down');
  });
});

describe('mayContact fails closed', () => {
  const answers: [string, () => Response][] = [
    ['a 500 without a body', () => new HttpResponse(null, { status: 500 })],
    ['an HTML page from a proxy', () => new HttpResponse('<h1>OK</h1>', { status: 200 })],
    ['allowed as a string', () => HttpResponse.json({ ...allowed, allowed: 'true' })],
    ['allowed without a since', () => HttpResponse.json({ ...allowed, since: null })],
    ['allowed without its record', () => HttpResponse.json({ ...allowed, record: null })],
    ['an empty object', () => HttpResponse.json({})],
  ];
  for (const [name, answer] of answers) {
    it(`says not allowed, with the reason, on ${name}`, async () => {
      api.use(http.post(`${endpoint}/v1/consents/check`, answer));
      const decision = await signet({ maxRetries: 0 }).mayContact({
        email: 'a@example.org',
        purpose: 'newsletter',
      });
      expect(decision.allowed).toBe(false);
      if (!decision.allowed) expect(['error', 'no_consent']).toContain(decision.reason);
      if (decision.reason === 'error') expect(decision.error.code).toBeTruthy();
    });
  }

  it('marks every contact of a failed list request as not allowed', async () => {
    api.use(
      http.post(`${endpoint}/v1/consents/checks`, () => new HttpResponse(null, { status: 502 })),
    );
    const answers = await signet({ maxRetries: 0 }).mayContactMany({
      purpose: 'newsletter',
      emails: ['a@example.org', 'b@example.org'],
    });
    expect(answers).toEqual([
      expect.objectContaining({ contact: 'a@example.org', allowed: false, reason: 'error' }),
      expect.objectContaining({ contact: 'b@example.org', allowed: false, reason: 'error' }),
    ]);
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates, and ignores nonsense', () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Tue, 24 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
