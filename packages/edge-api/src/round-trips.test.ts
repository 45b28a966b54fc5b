import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterAll, describe, expect, it } from 'vitest';
import { countingD1 } from '../test/counting-d1.js';
import {
  apiOrigin,
  confirmLinkFor,
  demoApiKey,
  postJson,
  pressConfirm,
  sql,
  testOrigin,
  validRequestBody,
} from '../test/worker.js';
import type { Env } from './env.js';
import worker from './index.js';

/**
 * D1 round trips per route, counted through an instrumented binding (issue 13): before the
 * answer, and in the work the request hands to `waitUntil` (sending its messages, sealing its
 * records), which the person does not wait for. Each public write reads once and writes once.
 */
const figures: { route: string; status: number; request: number; background: number }[] = [];

async function counted(route: string, path: string, init: RequestInit = {}) {
  const db = countingD1(env.DB);
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(new URL(path, apiOrigin), init),
    { ...env, DB: db } as Env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  const request = db.roundTrips.filter((trip) => !trip.background);
  const figure = {
    route,
    status: response.status,
    request: request.length,
    background: db.roundTrips.length - request.length,
  };
  figures.push(figure);
  return { response, ...figure, calls: request.map((trip) => trip.call) };
}

const browserPost = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: testOrigin, ...headers },
  body: JSON.stringify(body),
});

async function subscribed(email: string, ids = ['newsletter']) {
  await postJson('/v1/consent-requests', await validRequestBody(email, ids));
  await pressConfirm(await confirmLinkFor(email));
}

async function preferenceMail(email: string) {
  const [row] = await sql<{ text_body: string }>(
    "SELECT text_body FROM dev_mailbox WHERE to_address = ? AND subject LIKE '%preferences%' ORDER BY rowid DESC LIMIT 1",
    email,
  );
  const text = row?.text_body ?? '';
  return {
    token: text.match(/#token=([A-Za-z0-9_-]{43})/)?.[1] ?? '',
    code: text.match(/code[^:]*: (\d{8})/)?.[1] ?? '',
  };
}

async function sessionOf(email: string) {
  await postJson('/v1/preference-links', { site: 'demo', email, locale: 'en' });
  const opened = await postJson('/v1/preference-sessions', {
    token: (await preferenceMail(email)).token,
  });
  return ((await opened.json()) as { session: string }).session;
}

const asPerson = (session: string, body: unknown) =>
  browserPost(body, { authorization: `Bearer ${session}` });

afterAll(() => {
  const rows = figures.map((f) => `| ${f.route} | ${f.status} | ${f.request} | ${f.background} |`);
  console.log(
    ['| Route | Status | Before the answer | In waitUntil |', '|---|---|---|---|', ...rows].join(
      '\n',
    ),
  );
});

describe('D1 round trips of the public writes: one read and one batch', () => {
  it('POST /v1/consent-requests from a browser, for a new address and for a known one', async () => {
    for (const email of ['trips-new@example.org', 'trips-new@example.org']) {
      const { response, request, calls } = await counted(
        'POST /v1/consent-requests',
        '/v1/consent-requests',
        browserPost(await validRequestBody(email)),
      );
      expect(response.status).toBe(202);
      // The CORS answer comes from the site the route read, not from a query of its own.
      expect(response.headers.get('access-control-allow-origin')).toBe(testOrigin);
      expect(calls, calls.join('\n')).toEqual([
        expect.stringMatching(/^batch of \d+$/),
        expect.stringMatching(/^batch of \d+$/),
      ]);
      expect(request).toBe(2);
    }
  });

  it('POST /v1/consent-requests from a server with the site key and an Idempotency-Key', async () => {
    const body = { ...(await validRequestBody('trips-server@example.org')), form: 'checkout' };
    const init = browserPost(body, {
      origin: '',
      authorization: `Bearer ${demoApiKey}`,
      'idempotency-key': 'order-4711',
    });
    delete (init.headers as Record<string, string>).origin;
    const { response, request, calls } = await counted(
      'POST /v1/consent-requests (site key)',
      '/v1/consent-requests',
      init,
    );
    expect(response.status).toBe(202);
    // The key check is the site key's own read: a server's call costs one more.
    expect(request, calls.join('\n')).toBeLessThanOrEqual(3);
  });

  it('GET and POST /confirm/{token}: the page reads once, the button reads once and writes once', async () => {
    const email = 'trips-confirm@example.org';
    await postJson(
      '/v1/consent-requests',
      await validRequestBody(email, ['newsletter', 'prize-draw']),
    );
    const link = await confirmLinkFor(email);
    const page = await counted('GET /confirm/{token}', link);
    expect(page.response.status).toBe(200);
    expect(page.request, page.calls.join('\n')).toBe(1);
    const nonce = (await page.response.text()).match(/name="nonce" value="([^"]+)"/)?.[1] ?? '';
    const confirmed = await counted('POST /confirm/{token}', link, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        origin: apiOrigin,
      },
      body: new URLSearchParams({ nonce }),
    });
    expect(await confirmed.response.text()).toContain('confirmed');
    expect(confirmed.request, confirmed.calls.join('\n')).toBe(2);
  });

  it('POST /v1/preference-links, and a session opened by the link and by the code', async () => {
    const email = 'trips-preferences@example.org';
    await subscribed(email);
    const asked = await counted(
      'POST /v1/preference-links',
      '/v1/preference-links',
      browserPost({ site: 'demo', email, locale: 'en' }),
    );
    expect(asked.response.status).toBe(202);
    expect(asked.response.headers.get('access-control-allow-origin')).toBe(testOrigin);
    expect(asked.request, asked.calls.join('\n')).toBe(2);
    const { token, code } = await preferenceMail(email);
    const byLink = await counted(
      'POST /v1/preference-sessions (link)',
      '/v1/preference-sessions',
      browserPost({ token }),
    );
    expect(byLink.response.status).toBe(201);
    expect(byLink.request, byLink.calls.join('\n')).toBe(2);
    const byCode = await counted(
      'POST /v1/preference-sessions (code)',
      '/v1/preference-sessions',
      browserPost({ site: 'demo', email, code }),
    );
    expect(byCode.response.status).toBe(201);
    expect(byCode.request, byCode.calls.join('\n')).toBe(2);
    const wrong = await counted(
      'POST /v1/preference-sessions (wrong code)',
      '/v1/preference-sessions',
      browserPost({ site: 'demo', email, code: code === '00000000' ? '11111111' : '00000000' }),
    );
    expect(wrong.response.status).toBe(401);
    expect(wrong.request, wrong.calls.join('\n')).toBe(2);
  });

  it('GET and POST /u/{token}: one-click unsubscribe reads once and writes once', async () => {
    const email = 'trips-unsubscribe@example.org';
    await subscribed(email, ['newsletter', 'prize-draw']);
    const check = await postJson(
      '/v1/consents/check',
      { email, purpose: 'newsletter' },
      { origin: '', authorization: `Bearer ${demoApiKey}` },
    );
    const url = ((await check.json()) as { unsubscribe?: { url: string } }).unsubscribe?.url;
    const path = new URL(url ?? '').pathname;
    const page = await counted('GET /u/{token}', path);
    expect(page.response.status).toBe(200);
    expect(page.request, page.calls.join('\n')).toBe(1);
    const done = await counted('POST /u/{token}', path, {
      method: 'POST',
      body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    });
    expect(done.response.status).toBe(200);
    expect(done.request, done.calls.join('\n')).toBe(2);
  });

  it("the person's session: withdraw, agree again and erase", async () => {
    const email = 'trips-session@example.org';
    await subscribed(email, ['newsletter', 'prize-draw']);
    const session = await sessionOf(email);
    const withdrawn = await counted(
      'POST /v1/me/withdrawals',
      '/v1/me/withdrawals',
      asPerson(session, { purposes: ['newsletter'] }),
    );
    expect(withdrawn.response.status).toBe(200);
    expect(withdrawn.request, withdrawn.calls.join('\n')).toBeLessThanOrEqual(9);
    const again = await counted(
      'POST /v1/me/consent-requests',
      '/v1/me/consent-requests',
      asPerson(session, { purposes: (await validRequestBody(email)).purposes, locale: 'en' }),
    );
    expect(again.response.status).toBe(202);
    expect(again.request, again.calls.join('\n')).toBeLessThanOrEqual(9);
    const erased = await counted('POST /v1/me/erasure', '/v1/me/erasure', asPerson(session, {}));
    expect(erased.response.status).toBe(200);
    expect(erased.request, erased.calls.join('\n')).toBeLessThanOrEqual(9);
  });
});
