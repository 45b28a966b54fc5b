import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { afterAll, describe, expect, it } from 'vitest';
import { countingD1, type RoundTrip } from '../test/counting-d1.js';
import {
  apiOrigin,
  confirmLinkFor,
  demoApiKey,
  postJson,
  preferenceMail,
  subscribed,
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
interface Figure {
  route: string;
  status: number;
  request: number;
  background: number;
  /** Statements, and D1's rows read and written, before the answer and in waitUntil. */
  statements: { request: number; background: number };
  rows: { read: number; written: number };
}
const figures: Figure[] = [];

const sumOf = (trips: RoundTrip[], key: 'statements' | 'rowsRead' | 'rowsWritten') =>
  trips.reduce((total, trip) => total + trip[key], 0);

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
  const background = db.roundTrips.filter((trip) => trip.background);
  const figure = {
    route,
    status: response.status,
    request: request.length,
    background: background.length,
    statements: {
      request: sumOf(request, 'statements'),
      background: sumOf(background, 'statements'),
    },
    rows: { read: sumOf(db.roundTrips, 'rowsRead'), written: sumOf(db.roundTrips, 'rowsWritten') },
  };
  figures.push(figure);
  return {
    response,
    ...figure,
    calls: request.map((trip) => trip.call),
    /** Statements per round trip, before the answer and in waitUntil, in the order sent. */
    perTrip: {
      request: request.map((trip) => trip.statements),
      background: background.map((trip) => trip.statements),
    },
    backgroundCalls: background.map((trip) => trip.call),
    /** D1's rows read per round trip before the answer, in the order sent. */
    rowsReadPerTrip: request.map((trip) => trip.rowsRead),
  };
}

const browserPost = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: testOrigin, ...headers },
  body: JSON.stringify(body),
});

async function sessionOf(email: string) {
  await postJson('/v1/preference-links', { site: 'demo', email, locale: 'en' });
  const { token } = await preferenceMail(email);
  const opened = await postJson('/v1/preference-sessions', { token });
  return ((await opened.json()) as { session: string }).session;
}

const asPerson = (session: string, body: unknown) =>
  browserPost(body, { authorization: `Bearer ${session}` });

afterAll(() => {
  const rows = figures.map(
    (f) =>
      `| ${f.route} | ${f.status} | ${f.request} | ${f.background} | ${f.statements.request} | ${f.statements.background} | ${f.rows.read} | ${f.rows.written} |`,
  );
  console.log(
    [
      '| Route | Status | Before the answer | In waitUntil | Statements before | Statements in waitUntil | Rows read | Rows written |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n'),
  );
});

describe('D1 round trips of the public writes: one read and one batch', () => {
  it('GET /v1/sites/{site}/form, what the widget loads, reads once', async () => {
    // Without a locale the form comes in the site's default, read in the same round trip.
    for (const query of ['?locale=en', '?locale=fr', '']) {
      const { response, request, calls } = await counted(
        'GET /v1/sites/{site}/form',
        `/v1/sites/demo/form${query}`,
        { headers: { origin: testOrigin } },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe(testOrigin);
      expect(request, calls.join('\n')).toBe(1);
    }
  });

  it('POST /v1/consent-requests from a browser, for a new address and for a known one', async () => {
    // Issue 23: statements per round trip. Before the answer, one read of two statements (the site
    // with the subject, the purposes) and one batch: five writes for a new address (the tickets,
    // the subject, the request, its record, its message), four for a known one, then the two
    // statements that seal the record (the head moved, the seal; services/record-log.ts
    // sealInBatch), since the isolate knows the site's head from the sealing after the first
    // request below. After the answer only the message goes, from memory: the dev mailbox's
    // insert with "sent", one batch. Before issue 23: 4 and 7, then 13 round trips of 15
    // statements; then 2 and 4 (the dev mailbox, "sent", the sequencer's read and batch).
    await postJson('/v1/consent-requests', await validRequestBody('trips-warm@example.org'));
    const writes = [5 + 2, 4 + 2];
    const background = [[2], [2]];
    for (const [n, email] of ['trips-new@example.org', 'trips-new@example.org'].entries()) {
      const { response, request, calls, perTrip, backgroundCalls } = await counted(
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
      expect(perTrip.request, calls.join('\n')).toEqual([2, writes[n]]);
      expect(
        [...perTrip.background].sort((a, b) => a - b),
        backgroundCalls.join('\n'),
      ).toEqual(background[n]);
    }
  });

  it('POST /v1/consent-requests reads the wordings of the purposes it chose, not all of the site', async () => {
    // Issue 23: the read took every current purpose with its wording, whatever the request chose.
    const readRows = async (email: string, ids: string[]) => {
      const { response, rowsReadPerTrip } = await counted(
        `POST /v1/consent-requests (${ids.length} of the site's purposes)`,
        '/v1/consent-requests',
        browserPost(await validRequestBody(email, ids)),
      );
      expect(response.status).toBe(202);
      return rowsReadPerTrip[0] ?? 0;
    };
    const one = await readRows('trips-one-purpose@example.org', ['newsletter']);
    const two = await readRows('trips-two-purposes@example.org', ['newsletter', 'prize-draw']);
    expect(one).toBeLessThan(two);
  });

  it('POST /v1/consent-requests from a server with the site key and an Idempotency-Key', async () => {
    const body = { ...(await validRequestBody('trips-server@example.org')), form: 'checkout' };
    const { response, request, calls } = await counted(
      'POST /v1/consent-requests (site key)',
      '/v1/consent-requests',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${demoApiKey}`,
          'idempotency-key': 'order-4711',
        },
        body: JSON.stringify(body),
      },
    );
    expect(response.status).toBe(202);
    // The key check is the site key's own read: a server's call costs one more.
    expect(request, calls.join('\n')).toBe(3);
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
    // Issue 23: the page and the button read the request (its wordings, the purposes' lifetimes,
    // the subject's contact hashes and whether the site has webhook endpoints in the same
    // statement) and the site; the button's batch claims the request and settles its siblings in
    // one statement, activates its two purposes, lifts a suppression, writes two records and seals
    // them (the head moved, both seals in one statement: services/record-log.ts sealInBatch; the
    // isolate knows the head from the request's sealing). Nothing is left for after the answer:
    // the site has no webhook endpoint here. Before issue 23: 4 and 9 statements, then 8 round
    // trips of 10 statements; then 4 round trips (a read and a batch to seal after it).
    expect(page.perTrip.request).toEqual([2]);
    expect(confirmed.perTrip.request, confirmed.calls.join('\n')).toEqual([2, 8]);
    expect(confirmed.perTrip.background, confirmed.backgroundCalls.join('\n')).toEqual([]);
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
    // A link writes no record: after the answer only its message goes (the outbox row, its
    // lease, the address, the dev mailbox with "sent"), and nothing looks for records to seal
    // (6 round trips before, 2026-12-07).
    expect(asked.background, asked.backgroundCalls.join('\n')).toBe(4);
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

  it("a server's consent checks: the purpose is read with the consent, so a typo costs no extra trip", async () => {
    const email = 'trips-check@example.org';
    await subscribed(email);
    const asServer = { headers: { authorization: `Bearer ${demoApiKey}` } };
    const query = `email=${encodeURIComponent(email)}`;
    // The key's read, then the purpose and the consent together; an allowed email answer keeps
    // its unsubscribe link's hash.
    const allowed = await counted(
      'GET /v1/consents/check (allowed)',
      `/v1/consents/check?${query}&purpose=newsletter`,
      asServer,
    );
    expect(allowed.response.status).toBe(200);
    expect(allowed.request, allowed.calls.join('\n')).toBe(3);
    const typo = await counted(
      'GET /v1/consents/check (unknown purpose)',
      `/v1/consents/check?${query}&purpose=newsleter`,
      asServer,
    );
    expect(typo.response.status).toBe(404);
    expect(typo.request, typo.calls.join('\n')).toBe(2);
    const list = await counted('POST /v1/consents/checks', '/v1/consents/checks', {
      method: 'POST',
      headers: { ...asServer.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ purpose: 'newsletter', emails: [email, 'not-an-address'] }),
    });
    expect(list.response.status).toBe(200);
    expect(list.request, list.calls.join('\n')).toBe(3);
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
    expect(withdrawn.request, withdrawn.calls.join('\n')).toBe(2);
    const again = await counted(
      'POST /v1/me/consent-requests',
      '/v1/me/consent-requests',
      asPerson(session, { purposes: (await validRequestBody(email)).purposes, locale: 'en' }),
    );
    expect(again.response.status).toBe(202);
    // The session's read, then a consent request's own read and batch: the purposes it reads
    // depend on the body's locale, which the session's read comes before.
    expect(again.request, again.calls.join('\n')).toBe(3);
    // Its batch sealed its record (the isolate knows the site's head from the withdrawal's
    // sealing): after the answer only its message goes (the outbox row, its lease, the address,
    // the dev mailbox with "sent"), and no sequencer looks for records to seal (6 before).
    expect(again.background, again.backgroundCalls.join('\n')).toBe(4);
    const erased = await counted('POST /v1/me/erasure', '/v1/me/erasure', asPerson(session, {}));
    expect(erased.response.status).toBe(200);
    expect(erased.request, erased.calls.join('\n')).toBe(2);
  });

  it('withdrawing the last purpose from the session erases the person: one read and one batch more', async () => {
    const email = 'trips-last-purpose@example.org';
    await subscribed(email);
    const session = await sessionOf(email);
    const last = await counted(
      'POST /v1/me/withdrawals (the last purpose)',
      '/v1/me/withdrawals',
      asPerson(session, { purposes: ['newsletter'] }),
    );
    expect(await last.response.json()).toMatchObject({ withdrawn: ['newsletter'], erased: true });
    expect(last.request, last.calls.join('\n')).toBe(4);
  });

  it('the last purpose withdrawn by one-click unsubscribe erases the same way: one read and one batch more', async () => {
    const email = 'trips-last-by-link@example.org';
    await subscribed(email);
    const check = await postJson(
      '/v1/consents/check',
      { email, purpose: 'newsletter' },
      { origin: '', authorization: `Bearer ${demoApiKey}` },
    );
    const url = ((await check.json()) as { unsubscribe?: { url: string } }).unsubscribe?.url;
    const last = await counted('POST /u/{token} (the last purpose)', new URL(url ?? '').pathname, {
      method: 'POST',
      body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    });
    expect(last.response.status).toBe(200);
    expect(last.request, last.calls.join('\n')).toBe(4);
  });

  it("GET /receipt/{token}: the done page's receipt, fetched when pressed (decision 0007)", async () => {
    const email = 'trips-receipt@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email, ['newsletter']));
    const link = await confirmLinkFor(email);
    const page = await (await worker.fetch(new Request(new URL(link, apiOrigin)), env)).text();
    const nonce = page.match(/name="nonce" value="([^"]+)"/)?.[1] ?? '';
    const confirmed = await counted('POST /confirm/{token} (before its receipt)', link, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        origin: apiOrigin,
      },
      body: new URLSearchParams({ nonce }),
    });
    const done = await confirmed.response.text();
    const receiptPath = done.match(/href="(\/receipt\/[^"]+)" download/)?.[1] ?? '';
    // The batch sealed the records (issue 23): the receipt finds them sealed, nothing is left.
    expect(confirmed.request).toBe(2);
    expect(confirmed.background).toBe(0);
    const receipt = await counted('GET /receipt/{token}', receiptPath.replaceAll('&amp;', '&'));
    expect(receipt.response.status).toBe(200);
    expect(receipt.request, receipt.calls.join('\n')).toBe(9);
  });
});

describe('D1 round trips of the console', () => {
  it('an admin call with a console session reads once: the session, its key or owner address checked in the same statement', async () => {
    const opened = await counted('POST /v1/admin/sessions (site key)', '/v1/admin/sessions', {
      method: 'POST',
      headers: { authorization: `Bearer ${demoApiKey}` },
    });
    expect(opened.response.status).toBe(201);
    const { session } = (await opened.response.json()) as { session: string };
    const asOwner = { headers: { authorization: `Bearer ${session}` } };
    const site = await counted('GET /v1/admin/site (console session)', '/v1/admin/site', asOwner);
    expect(site.response.status).toBe(200);
    // The session's one statement, then the settings.
    expect(site.calls, site.calls.join('\n')).toEqual([
      expect.stringContaining('UPDATE owner_sessions'),
      expect.stringContaining('FROM sites'),
    ]);
    // Routes under two groups' key checks are checked once.
    const keys = await counted('GET /v1/admin/keys (console session)', '/v1/admin/keys', asOwner);
    expect(keys.response.status).toBe(200);
    expect(keys.request, keys.calls.join('\n')).toBe(2);
  });
});
