import { sha256Hex } from '@signet/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addSmsPurpose,
  admin,
  call,
  cellsContaining,
  confirmLinkFor,
  demoApiKey,
  postJson,
  pressConfirm,
  rowCounts,
  sql,
  subjectIdOf,
  validRequestBody,
  withSms,
} from '../../test/worker.js';

const mailsTo = async (email: string) =>
  (await sql<{ n: number }>('SELECT COUNT(*) AS n FROM dev_mailbox WHERE to_address = ?', email))[0]
    ?.n;

async function snapshot(response: Response) {
  return {
    status: response.status,
    body: await response.text(),
    // The request id is random for every request: it tells nothing about the address.
    headers: [...response.headers].filter(([name]) => name !== 'date' && name !== 'request-id'),
  };
}

afterEach(async () => {
  vi.restoreAllMocks();
  await admin('/v1/admin/site', 'PATCH', {
    addressLimitPerDay: 3,
    clientLimitPerHour: 1000,
    turnstileSecret: null,
    confirmTokenTtlSeconds: 48 * 3600,
  });
});

describe('S4: the request endpoint cannot mail-bomb or enumerate', () => {
  it('S4: a new, a pending and a confirmed address get the identical 202', async () => {
    const confirmed = 'confirmed@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(confirmed));
    await pressConfirm(await confirmLinkFor(confirmed));
    const pending = 'pending@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(pending));

    const answers = [];
    for (const email of ['new@example.org', pending, confirmed]) {
      answers.push(
        await snapshot(await postJson('/v1/consent-requests', await validRequestBody(email))),
      );
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(answers[0]?.status).toBe(202);
  });

  it('S4: at most 3 confirmation emails per address per 24 h, and the 4th answer is the same 202', async () => {
    const email = 'bombed@example.org';
    const responses = [];
    for (let i = 0; i < 5; i += 1) {
      responses.push(
        await snapshot(await postJson('/v1/consent-requests', await validRequestBody(email))),
      );
    }
    expect(new Set(responses.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await mailsTo(email)).toBe(3);
    expect(await mailsTo('other@example.org')).toBe(0);
  });

  it('S4: the per-address limit is per site setting', async () => {
    await admin('/v1/admin/site', 'PATCH', { addressLimitPerDay: 1 });
    const email = 'strict@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await postJson('/v1/consent-requests', await validRequestBody(email));
    expect(await mailsTo(email)).toBe(1);
  });

  it('S4: a client over its hourly limit gets 429 rate_limited and nothing is written', async () => {
    await admin('/v1/admin/site', 'PATCH', { clientLimitPerHour: 2 });
    const send = async (email: string) =>
      postJson('/v1/consent-requests', await validRequestBody(email), {
        'cf-connecting-ip': '203.0.113.7',
      });
    expect((await send('a1@example.org')).status).toBe(202);
    expect((await send('a2@example.org')).status).toBe(202);
    const before = await rowCounts();
    const third = await send('a3@example.org');
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(await rowCounts()).toEqual(before);
    const otherClient = await postJson(
      '/v1/consent-requests',
      await validRequestBody('a4@example.org'),
      {
        'cf-connecting-ip': '198.51.100.1',
      },
    );
    expect(otherClient.status).toBe(202);
  });

  it('S4: the client limit stores no IP address, only a keyed hash', async () => {
    await postJson('/v1/consent-requests', await validRequestBody('ip@example.org'), {
      'cf-connecting-ip': '192.0.2.55',
    });
    const leaked = await sql("SELECT * FROM rate_events WHERE bucket LIKE '%192.0.2.55%'");
    expect(leaked).toEqual([]);
  });

  it('S4: when the site enables Turnstile, a request needs a token Cloudflare accepts', async () => {
    await admin('/v1/admin/site', 'PATCH', { turnstileSecret: 'turnstile-secret' });
    const verify = vi.spyOn(globalThis, 'fetch').mockImplementation(async (_url, init) => {
      const form = new URLSearchParams(String(init?.body));
      const ok = form.get('secret') === 'turnstile-secret' && form.get('response') === 'good';
      return Response.json({ success: ok });
    });
    const body = await validRequestBody('turnstile@example.org');
    const missing = await postJson('/v1/consent-requests', body);
    expect(missing.status).toBe(422);
    expect(await missing.json()).toMatchObject({ error: { field: 'turnstileToken' } });
    const bad = await postJson('/v1/consent-requests', { ...body, turnstileToken: 'bad' });
    expect(bad.status).toBe(403);
    expect(await bad.json()).toMatchObject({ error: { code: 'turnstile_failed' } });
    const good = await postJson('/v1/consent-requests', { ...body, turnstileToken: 'good' });
    expect(good.status).toBe(202);
    expect(verify).toHaveBeenCalledTimes(2);
    await admin('/v1/admin/site', 'PATCH', { turnstileSecret: null });
  });
});

describe('Idempotency-Key', () => {
  it('a retried request with the same key and body is answered 202 and writes once', async () => {
    const body = await validRequestBody('retry@example.org');
    const headers = { 'idempotency-key': 'order-4711' };
    expect((await postJson('/v1/consent-requests', body, headers)).status).toBe(202);
    const before = await rowCounts();
    expect((await postJson('/v1/consent-requests', body, headers)).status).toBe(202);
    expect(await rowCounts()).toEqual(before);
    expect(await mailsTo('retry@example.org')).toBe(1);
  });

  it('concurrent retries with one key send one email', async () => {
    const body = await validRequestBody('together@example.org');
    const headers = { 'idempotency-key': 'order-4712' };
    const statuses = await Promise.all(
      [1, 2, 3].map(async () => (await postJson('/v1/consent-requests', body, headers)).status),
    );
    expect(statuses).toEqual([202, 202, 202]);
    expect(await mailsTo('together@example.org')).toBe(1);
  });

  it('the same key with a different body is refused with 409 idempotency_conflict', async () => {
    const headers = { 'idempotency-key': 'order-4713' };
    await postJson('/v1/consent-requests', await validRequestBody('first@example.org'), headers);
    const other = await postJson(
      '/v1/consent-requests',
      await validRequestBody('second@example.org'),
      headers,
    );
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ error: { code: 'idempotency_conflict' } });
  });

  it('S2: only a keyed hash of a key is stored: no cell holds its text, and a retry with it still writes once', async () => {
    const keys = {
      browser: 'order-4715;ship-to=keyed.browser@example.org',
      server: 'order-4716;ship-to=keyed.server@example.org',
    };
    const browserBody = await validRequestBody('keyed.browser@example.org');
    const serverBody = await validRequestBody('keyed.server@example.org');
    const server = { origin: '', authorization: `Bearer ${demoApiKey}` };
    const send = () =>
      Promise.all([
        postJson('/v1/consent-requests', browserBody, { 'idempotency-key': keys.browser }),
        postJson('/v1/consent-requests', serverBody, {
          ...server,
          'idempotency-key': keys.server,
        }),
      ]);
    expect((await send()).map((response) => response.status)).toEqual([202, 202]);
    for (const text of ['order-4715', 'order-4716', 'ship-to=']) {
      expect(await cellsContaining(text), text).toEqual([]);
    }
    const before = await rowCounts();
    expect((await send()).map((response) => response.status)).toEqual([202, 202]);
    expect(await rowCounts()).toEqual(before);
    expect(await mailsTo('keyed.browser@example.org')).toBe(1);
    expect(await mailsTo('keyed.server@example.org')).toBe(1);
  });

  it("R4: erasing a person deletes the idempotency keys of their requests, and no one else's", async () => {
    const email = 'erase.keys@example.org';
    const keyRows = async () =>
      (await sql<{ n: number }>('SELECT COUNT(*) AS n FROM idempotency_keys'))[0]?.n ?? 0;
    const before = await keyRows();
    await postJson('/v1/consent-requests', await validRequestBody(email), {
      'idempotency-key': 'order-4717',
    });
    await postJson('/v1/consent-requests', await validRequestBody(email, ['prize-draw']), {
      origin: '',
      authorization: `Bearer ${demoApiKey}`,
      'idempotency-key': 'order-4718',
    });
    expect(await keyRows()).toBe(before + 2);
    await pressConfirm(await confirmLinkFor(email));
    expect((await admin('/v1/admin/subjects/erasure', 'POST', { email })).status).toBe(200);
    expect(await keyRows()).toBe(before);
  });

  it('a malformed key is refused with 422 naming the header', async () => {
    const response = await postJson('/v1/consent-requests', await validRequestBody(), {
      'idempotency-key': 'x'.repeat(201),
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: { field: 'Idempotency-Key' } });
  });
});

describe('C7: tokens', () => {
  it('C7: a link carries 256 random bits and only its SHA-256 is stored', async () => {
    await postJson('/v1/consent-requests', await validRequestBody('token@example.org'));
    const token = (await confirmLinkFor('token@example.org')).split('/').pop() ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const stored = await sql<{ token_hash: string }>(
      'SELECT token_hash FROM consent_requests WHERE token_hash IN (?1, CAST(?1 AS BLOB))',
      token,
    );
    expect(stored).toEqual([]);
    const digest = await sha256Hex(token);
    expect(
      await sql('SELECT id FROM consent_requests WHERE token_hash = unhex(?)', digest),
    ).toHaveLength(1);
  });

  it("C7: a link expires after 48 h by default, and after the site's own setting", async () => {
    const before = Date.now();
    await postJson('/v1/consent-requests', await validRequestBody('ttl@example.org'));
    await admin('/v1/admin/site', 'PATCH', { confirmTokenTtlSeconds: 6 * 3600 });
    await postJson('/v1/consent-requests', await validRequestBody('ttl6@example.org'));
    await admin('/v1/admin/site', 'PATCH', { confirmTokenTtlSeconds: 48 * 3600 });
    const hours = async (email: string) => {
      const [row] = await sql<{ expires_at: string }>(
        'SELECT expires_at FROM consent_requests WHERE subject_id = ?',
        await subjectIdOf(email),
      );
      return Math.round((Date.parse(row?.expires_at ?? '') - before) / 3_600_000);
    };
    expect(await hours('ttl@example.org')).toBe(48);
    expect(await hours('ttl6@example.org')).toBe(6);
  });

  it('C7: a new request for the same address and purposes leaves the older link valid until one confirms (decision 0008)', async () => {
    const email = 'twice@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const first = await confirmLinkFor(email);
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const second = await confirmLinkFor(email);
    expect(second).not.toBe(first);
    expect((await call(first)).status).toBe(200);
    expect((await call(second)).status).toBe(200);
    // Confirming a request for other purposes settles neither.
    await postJson('/v1/consent-requests', await validRequestBody(email, ['prize-draw']));
    expect((await pressConfirm(await confirmLinkFor(email))).status).toBe(200);
    expect((await call(first)).status).toBe(200);
    expect((await call(second)).status).toBe(200);
  });
});

describe('C3/C5: SMS and phone purposes', () => {
  it('C3: an SMS purpose needs a phone number, and an email-only choice takes none', async () => {
    const version = await addSmsPurpose();
    const base = await validRequestBody('sms@example.org');
    const sms = { ...base, purposes: [{ id: 'sms-offers', wordingVersion: version }] };
    const post = (body: unknown) => postJson('/v1/consent-requests', body, {}, withSms);
    const withoutPhone = await post(sms);
    expect(withoutPhone.status).toBe(422);
    expect(await withoutPhone.json()).toMatchObject({ error: { field: 'phone' } });
    const badPhone = await post({ ...sms, phone: '0151 123' });
    expect(badPhone.status).toBe(422);
    const unneeded = await post({ ...base, phone: '+4915112345678' });
    expect(unneeded.status).toBe(422);
    expect(await unneeded.json()).toMatchObject({ error: { field: 'phone' } });
    expect((await post({ ...sms, phone: '+4915112345678' })).status).toBe(202);
  });

  it('C5: without an SMS transport an SMS purpose is refused (sms_not_configured), not shown, and nothing is written', async () => {
    const version = await addSmsPurpose('sms-news');
    const base = await validRequestBody('phone-owner@example.org');
    const before = await rowCounts();
    const response = await postJson('/v1/consent-requests', {
      ...base,
      phone: '+4915199999999',
      purposes: [...base.purposes, { id: 'sms-news', wordingVersion: version }],
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      error: { code: 'sms_not_configured', field: 'purposes.1.id' },
    });
    expect(await rowCounts()).toEqual(before);
    const shown = async (overrides = {}) =>
      (
        (await (await call('/v1/sites/demo/form?locale=en', {}, overrides)).json()) as {
          purposes: { id: string }[];
        }
      ).purposes.map((purpose) => purpose.id);
    expect(await shown()).not.toContain('sms-news');
    expect(await shown(withSms)).toContain('sms-news');
  });

  it('C5: the confirmation email holds what is confirmed and why, and no advertising, in German and English', async () => {
    for (const locale of ['de', 'en'] as const) {
      const email = `mail-${locale}@example.org`;
      const form = (await (await call(`/v1/sites/demo/form?locale=${locale}`)).json()) as {
        purposes: { id: string; wordingVersion: string; wording: { label: string } }[];
      };
      const newsletter = form.purposes[0];
      await postJson('/v1/consent-requests', {
        ...(await validRequestBody(email)),
        locale,
        purposes: [{ id: newsletter?.id, wordingVersion: newsletter?.wordingVersion }],
      });
      const [mail] = await sql<{ subject: string; text_body: string; html_body: string }>(
        'SELECT subject, text_body, html_body FROM dev_mailbox WHERE to_address = ?',
        email,
      );
      expect(mail?.subject).toContain('Signet Demo Shop');
      expect(mail?.text_body).toContain(newsletter?.wording.label);
      expect(mail?.html_body).toContain(`lang="${locale}"`);
      // Two links, both Signet's own: the confirmation and the person's preferences page (R6).
      const links = mail?.text_body.match(/https?:\/\/\S+/g) ?? [];
      expect(links).toHaveLength(2);
      expect(links[0]).toMatch(/^https:\/\/api\.signet\.test\/confirm\//);
      expect(links[1]).toBe(`https://api.signet.test/p/demo?lang=${locale}`);
      expect(mail?.html_body.match(/href="/g)).toHaveLength(2);
      expect(`${mail?.text_body}`.toLowerCase()).not.toMatch(/angebot|offer|rabatt|discount|sale/);
    }
  });
});

describe('C1: consent is never implied', () => {
  it('C1: a request must name each purpose explicitly: none chosen means refused, nothing written', async () => {
    const before = await rowCounts();
    const response = await postJson('/v1/consent-requests', {
      ...(await validRequestBody()),
      purposes: [],
    });
    expect(response.status).toBe(422);
    expect(await rowCounts()).toEqual(before);
  });

  it('C1: the confirmation page has no checkbox at all, let alone a ticked one', async () => {
    await postJson('/v1/consent-requests', await validRequestBody('page@example.org'));
    const page = await (await call(await confirmLinkFor('page@example.org'))).text();
    expect(page).not.toMatch(/type="checkbox"|checked/);
  });
});
