// Faults (issue 13): the mail provider fails and recovers, the worker dies between writing a
// request and sending its email, D1 refuses a batch. Nothing is lost, doubled, or half written.
import { createExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  admin,
  apiOrigin,
  postJson,
  rowCounts,
  runCron,
  testOrigin,
  validRequestBody,
} from '../test/worker.js';
import type { Env } from './env.js';
import worker from './index.js';

afterEach(() => vi.restoreAllMocks());

const provider = 'https://mail-provider.test/v3/smtp/email';
const mailEnv: Partial<Env> = {
  MAIL_TRANSPORT: 'http',
  MAIL_API_URL: provider,
  MAIL_API_KEY: 'provider-key',
  MAIL_FROM: 'Signet Demo <noreply@signet.test>',
};

/** The provider as the test scripts it: each call answers what `behave` says for it. */
function scriptedProvider(behave: (call: number) => 'ok' | '500' | 'timeout' | 'hang') {
  const accepted: string[] = [];
  let calls = 0;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    if (String(input) !== provider) throw new Error(`unexpected fetch ${String(input)}`);
    calls += 1;
    const behaviour = behave(calls);
    if (behaviour === 'hang') return new Promise<Response>(() => {});
    if (behaviour === 'timeout') throw new DOMException('The operation timed out.', 'TimeoutError');
    if (behaviour === '500') return new Response('upstream down', { status: 500 });
    const body = JSON.parse(String(init?.body)) as { to: { email: string }[] };
    accepted.push(body.to[0]?.email ?? '');
    return Response.json({ messageId: `m-${calls}` }, { status: 201 });
  });
  return { accepted, calls: () => calls };
}

async function cronEveryFewMinutes(from: number, hours: number) {
  for (let minutes = 5; minutes <= hours * 60; minutes += 15) {
    await runCron(new Date(from + minutes * 60_000), mailEnv);
  }
}

describe('faults', () => {
  it('the mail provider fails (5xx, timeouts) for a while and recovers: every message once', async () => {
    await admin('/v1/admin/site', 'PATCH', { clientLimitPerHour: 10_000 });
    const { accepted } = scriptedProvider((call) =>
      call <= 12 ? (call % 2 ? '500' : 'timeout') : 'ok',
    );
    const emails = Array.from({ length: 8 }, (_, i) => `flaky-provider-${i}@example.org`);
    const body = await validRequestBody(emails[0]);
    for (const email of emails) {
      expect((await postJson('/v1/consent-requests', { ...body, email }, {}, mailEnv)).status).toBe(
        202,
      );
    }
    await cronEveryFewMinutes(Date.now(), 6);
    expect([...accepted].sort()).toEqual([...emails].sort());
  });

  it('the worker dies between writing a request and sending its email: the cron sends it, once', async () => {
    // The immediate send never comes back (the isolate is gone); the lease runs out.
    const { accepted } = scriptedProvider((call) => (call === 1 ? 'hang' : 'ok'));
    const ctx = createExecutionContext();
    const request = new Request(new URL('/v1/consent-requests', apiOrigin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: testOrigin },
      body: JSON.stringify(await validRequestBody('worker-died@example.org')),
    });
    const response = await worker.fetch(request, { ...env, ...mailEnv }, ctx);
    expect(response.status).toBe(202);
    // Not waiting for ctx: its work is lost with the isolate.
    expect(accepted).toEqual([]);
    await runCron(new Date(Date.now() + 60_000), mailEnv); // still leased: nothing yet
    expect(accepted).toEqual([]);
    await cronEveryFewMinutes(Date.now(), 1);
    expect(accepted).toEqual(['worker-died@example.org']);
  });

  it('D1 refuses a batch: the request fails with a JSON 500 and nothing partial is visible', async () => {
    const before = await rowCounts();
    const refusing = new Proxy(env.DB, {
      get(target, property) {
        if (property === 'batch')
          return () => Promise.reject(new Error('D1_ERROR: storage unavailable'));
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const response = await postJson(
      '/v1/consent-requests',
      await validRequestBody('batch-refused@example.org'),
      {},
      { DB: refusing },
    );
    expect(response.status).toBe(500);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('internal');
    expect(await rowCounts()).toEqual(before);
  });

  it('D1 fails inside a batch: its earlier statements are rolled back', async () => {
    const before = await rowCounts();
    await expect(
      env.DB.batch([
        env.DB.prepare(
          "INSERT INTO admin_events (id, site_id, key_id, action, target, status, created_at) VALUES ('x', 'demo', 'k', 'a', NULL, 200, 'now')",
        ),
        env.DB.prepare('INSERT INTO no_such_table VALUES (1)'),
      ]),
    ).rejects.toThrow();
    expect(await rowCounts()).toEqual(before);
  });
});
