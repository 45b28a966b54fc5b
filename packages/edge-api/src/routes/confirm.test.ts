import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  apiOrigin,
  call,
  confirmLinkFor,
  indexOf,
  postJson,
  pressConfirm,
  rowCounts,
  validRequestBody,
} from '../../test/worker.js';

async function requestFor(email: string, ids = ['newsletter']) {
  const response = await postJson('/v1/consent-requests', await validRequestBody(email, ids));
  expect(response.status).toBe(202);
  return confirmLinkFor(email);
}

const confirmPost = (path: string) => pressConfirm(path);

describe('/confirm/{token}', () => {
  it('C6: opening the link shows what will be confirmed and a button, and changes nothing', async () => {
    const link = await requestFor('scanner@example.org', ['newsletter', 'prize-draw']);
    const before = await rowCounts();
    for (const method of ['GET', 'HEAD']) {
      const response = await call(link, { method });
      expect(response.status).toBe(200);
    }
    const page = await (await call(link)).text();
    expect(page).toContain('Yes, I want to receive the Demo Shop newsletter by email.');
    expect(page).toContain('I want to take part in the prize draw');
    expect(page).toMatch(/<form method="post" action="\/confirm\/[A-Za-z0-9_-]{43}">/);
    expect(page).toContain('<button type="submit">Confirm now</button>');
    expect(await rowCounts()).toEqual(before);
    const request = await env.DB.prepare(
      "SELECT status FROM consent_requests WHERE page_url = 'https://shop.example/newsletter' ORDER BY created_at DESC LIMIT 1",
    ).first<{ status: string }>();
    expect(request?.status).toBe('pending');
  });

  it('serves its pages under a strict CSP, without referrer and without caching', async () => {
    const link = await requestFor('headers@example.org');
    const response = await call(link);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('C5: the POST confirms: each purpose becomes active with a confirmed record', async () => {
    const link = await requestFor('confirm@example.org', ['newsletter', 'prize-draw']);
    const response = await confirmPost(link);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Thank you!');
    const consents = await env.DB.prepare(
      'SELECT c.purpose_id, c.status FROM consents c JOIN subjects s ON s.id = c.subject_id WHERE s.email_index = unhex(?) ORDER BY c.purpose_id',
    )
      .bind(await indexOf('confirm@example.org'))
      .all<{ purpose_id: string; status: string }>();
    expect(consents.results).toEqual([
      { purpose_id: 'newsletter', status: 'active' },
      { purpose_id: 'prize-draw', status: 'active' },
    ]);
    const records = await env.DB.prepare(
      'SELECT r.event FROM records r JOIN subjects s ON s.id = r.subject_id WHERE s.email_index = unhex(?) ORDER BY r.seq',
    )
      .bind(await indexOf('confirm@example.org'))
      .all<{ event: string }>();
    expect(records.results.map((r) => r.event)).toEqual([
      'requested',
      'requested',
      'confirmed',
      'confirmed',
    ]);
  });

  it('C7: a reused link gets a clear "already confirmed" page and writes nothing more', async () => {
    const link = await requestFor('reuse@example.org');
    expect((await confirmPost(link)).status).toBe(200);
    const before = await rowCounts();
    const again = await confirmPost(link);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This link has already been used.');
    expect((await call(link)).status).toBe(409);
    expect(await rowCounts()).toEqual(before);
  });

  it('an unknown or malformed token gets a clear 404 page, not a 500', async () => {
    for (const token of ['A'.repeat(43), 'short', '%00%27--', 'x'.repeat(500)]) {
      for (const method of ['GET', 'POST']) {
        // A POST as a browser sends it (without Sec-Fetch-Site or Origin it is refused first).
        const headers: Record<string, string> =
          method === 'POST' ? { 'sec-fetch-site': 'same-origin' } : {};
        const response = await call(`/confirm/${token}`, { method, headers });
        expect(response.status, `${method} ${token}`).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/text\/html/);
        expect(await response.text()).toContain('Diesen Bestätigungslink kennen wir nicht.');
      }
    }
  });

  it('C7: an expired link gets a 410 page and confirms nothing', async () => {
    const link = await requestFor('late@example.org');
    await env.DB.prepare(
      "UPDATE consent_requests SET expires_at = '2000-01-01T00:00:00.000Z' WHERE subject_id = (SELECT id FROM subjects WHERE email_index = unhex(?))",
    )
      .bind(await indexOf('late@example.org'))
      .run();
    const before = await rowCounts();
    const response = await confirmPost(link);
    expect(response.status).toBe(410);
    expect(await response.text()).toContain('This link is no longer valid.');
    expect(await rowCounts()).toEqual(before);
  });

  it('two confirmations at the same moment activate the consent once', async () => {
    const link = await requestFor('race@example.org');
    const statuses = (await Promise.all([confirmPost(link), confirmPost(link)])).map(
      (r) => r.status,
    );
    expect(statuses.sort()).toEqual([200, 409]);
    const confirmed = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM records r JOIN subjects s ON s.id = r.subject_id WHERE s.email_index = unhex(?) AND r.event = 'confirmed'",
    )
      .bind(await indexOf('race@example.org'))
      .first<{ n: number }>();
    expect(confirmed?.n).toBe(1);
  });

  it("C5: a POST with neither Sec-Fetch-Site nor Origin gets a 403 JSON error and writes nothing, even with the page's nonce", async () => {
    const link = await requestFor('no-headers@example.org');
    const page = await (await call(link)).text();
    const nonce = page.match(/name="nonce" value="([^"]+)"/)?.[1] ?? '';
    const before = await rowCounts();
    const response = await call(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ nonce }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({
      error: {
        code: 'origin_not_allowed',
        message: expect.any(String),
        field: null,
        requestId: expect.any(String),
      },
    });
    expect(await rowCounts()).toEqual(before);
    // The same form with only the API's own Origin (a browser without Sec-Fetch-Site) confirms.
    const withOrigin = await call(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: apiOrigin },
      body: new URLSearchParams({ nonce }),
    });
    expect(withOrigin.status).toBe(200);
  });
});
