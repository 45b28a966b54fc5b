import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  call,
  outboxOf,
  postJson,
  rowCounts,
  subjectIdOf,
  testOrigin,
  validRequestBody,
} from '../../test/worker.js';

describe('POST /v1/consent-requests', () => {
  it('C5: answers 202 pending and writes the request, its records and its email together', async () => {
    const before = await rowCounts();
    const response = await postJson('/v1/consent-requests', await validRequestBody(), {
      origin: testOrigin,
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ status: 'pending' });
    const after = await rowCounts();
    expect(after.consent_requests).toBe((before.consent_requests ?? 0) + 1);
    expect(after.records).toBe((before.records ?? 0) + 1);
    expect(after.outbox).toBe((before.outbox ?? 0) + 1);
    expect(after.consents).toBe(before.consents);
  });

  it('sends the confirmation email at once, with a confirm link', async () => {
    await postJson('/v1/consent-requests', await validRequestBody('mail@example.org'));
    const mail = await env.DB.prepare(
      "SELECT subject, text_body, html_body FROM dev_mailbox WHERE to_address = 'mail@example.org'",
    ).first<{ subject: string; text_body: string; html_body: string }>();
    expect(mail?.subject).toBe('Please confirm your consent at Signet Demo Shop');
    expect(mail?.text_body).toContain('Yes, I want to receive the Demo Shop newsletter by email.');
    expect(mail?.text_body).toMatch(/https:\/\/api\.signet\.test\/confirm\/[A-Za-z0-9_-]{43}/);
    const [outbox] = await outboxOf(await subjectIdOf('mail@example.org'));
    expect(outbox?.status).toBe('sent');
  });

  it('C7: stores only the hash of the confirmation token, never the token itself', async () => {
    const body = await validRequestBody('Index@Example.org');
    await postJson('/v1/consent-requests', body);
    const link = (
      await env.DB.prepare(
        "SELECT text_body FROM dev_mailbox WHERE to_address = 'Index@Example.org'",
      ).first<{ text_body: string }>()
    )?.text_body.match(/confirm\/([A-Za-z0-9_-]+)/)?.[1];
    expect(link).toBeDefined();
    const leaked = await env.DB.prepare(
      'SELECT COUNT(*) AS n FROM consent_requests WHERE token_hash IN (?1, CAST(?1 AS BLOB)) OR instr(purposes, ?1) > 0',
    )
      .bind(link)
      .first<{ n: number }>();
    expect(leaked?.n).toBe(0);
  });

  it('S5: refuses a browser origin the site does not allow, and writes nothing', async () => {
    const before = await rowCounts();
    const response = await postJson('/v1/consent-requests', await validRequestBody(), {
      origin: 'https://evil.example',
    });
    expect(response.status).toBe(403);
    expect((await response.json<{ error: { code: string } }>()).error.code).toBe(
      'origin_not_allowed',
    );
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a wording version that is not the current one with 409 outdated_wording', async () => {
    const body = await validRequestBody();
    body.purposes[0] = { id: 'newsletter', wordingVersion: '0'.repeat(64) };
    const before = await rowCounts();
    const response = await postJson('/v1/consent-requests', body);
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: { code: 'outdated_wording', field: 'purposes.0.wordingVersion' },
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('S6: refuses bad input with a JSON error naming the field, and writes nothing', async () => {
    const valid = await validRequestBody();
    const cases: [unknown, number, string, string | null][] = [
      [{ ...valid, email: 'not-an-email' }, 422, 'invalid_input', 'email'],
      [{ ...valid, purposes: [] }, 422, 'invalid_input', 'purposes'],
      [{ ...valid, site: 'unknown-site' }, 404, 'unknown_site', 'site'],
      [
        { ...valid, purposes: [{ id: 'sms', wordingVersion: 'a'.repeat(64) }] },
        404,
        'unknown_purpose',
        'purposes.0.id',
      ],
      [{ ...valid, locale: 'xx' }, 422, 'invalid_input', 'locale'],
      [[1, 2, 3], 422, 'invalid_input', 'site'],
    ];
    const before = await rowCounts();
    for (const [body, status, code, field] of cases) {
      const response = await postJson('/v1/consent-requests', body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      const { error } = await response.json<{ error: { code: string; field: string | null } }>();
      expect(error.code).toBe(code);
      expect(error.field).toBe(field);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a body that is not JSON, or not sent as JSON', async () => {
    const notJson = await call('/v1/consent-requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: testOrigin },
      body: '{"site":',
    });
    expect(notJson.status).toBe(400);
    expect((await notJson.json<{ error: { code: string } }>()).error.code).toBe('invalid_json');
    const form = await call('/v1/consent-requests', { method: 'POST', body: 'a=b' });
    expect(form.status).toBe(415);
  });

  it('S5: answers a CORS preflight only for an origin some site allows', async () => {
    const preflight = (origin: string) =>
      call('/v1/consent-requests', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight(testOrigin);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(testOrigin);
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
