import { describe, expect, it } from 'vitest';
import {
  call,
  confirmLinkFor,
  demoApiKey,
  postJson,
  pressConfirm,
  validRequestBody,
} from '../../test/worker.js';

const check = (query: string, key: string | null = demoApiKey) =>
  call(`/v1/consents/check?${query}`, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });

describe('GET /v1/consents/check', () => {
  it('C5/A3: answers allowed only after the confirming POST, with the record that proves it', async () => {
    const email = 'check@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const query = `email=${encodeURIComponent(email)}&purpose=newsletter`;
    expect(await (await check(query)).json()).toEqual({
      allowed: false,
      since: null,
      record: null,
    });

    await pressConfirm(await confirmLinkFor(email));
    const answer = await (await check(query)).json<Record<string, unknown>>();
    expect(answer).toMatchObject({
      allowed: true,
      since: expect.any(String),
      record: { event: 'confirmed', wordingVersion: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
    const other = await (
      await check(`email=${encodeURIComponent(email)}&purpose=prize-draw`)
    ).json();
    expect(other).toEqual({ allowed: false, since: null, record: null });
  });

  it('A3: the proof stays the confirmation, also after the person submits the form again', async () => {
    const email = 'again-proof@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    await postJson('/v1/consent-requests', await validRequestBody(email));
    const answer = await (
      await check(`email=${encodeURIComponent(email)}&purpose=newsletter`)
    ).json<{ allowed: boolean; record: { event: string } }>();
    expect(answer.allowed).toBe(true);
    expect(answer.record.event).toBe('confirmed');
  });

  it('finds the subject whatever the case of the address', async () => {
    const email = 'Case@Example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    const answer = await (await check('email=case%40example.org&purpose=newsletter')).json();
    expect(answer).toMatchObject({ allowed: true });
  });

  it('refuses a missing or unknown site key with 401', async () => {
    for (const key of [null, 'sk_not_a_real_key_at_all']) {
      const response = await check('email=a%40b.example&purpose=newsletter', key);
      expect(response.status).toBe(401);
      expect((await response.json<{ error: { code: string } }>()).error.code).toBe('unauthorized');
    }
  });

  it('refuses a malformed query with 422 naming the field', async () => {
    const response = await check('email=nope&purpose=newsletter');
    expect(response.status).toBe(422);
    expect((await response.json<{ error: { field: string } }>()).error.field).toBe('email');
  });
});

const checks = (body: unknown, headers: Record<string, string> = {}) =>
  call('/v1/consents/checks', {
    method: 'POST',
    headers: {
      authorization: `Bearer ${demoApiKey}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(body),
  });

describe('a purpose the site does not have', () => {
  it('A3/S6: answers 404 unknown_purpose on the check, by query and by body, instead of a quiet no', async () => {
    const email = 'typo-purpose@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    const byQuery = await check(`email=${encodeURIComponent(email)}&purpose=newsleter`);
    expect(byQuery.status).toBe(404);
    expect(await byQuery.json()).toEqual({
      error: {
        code: 'unknown_purpose',
        message: expect.any(String),
        field: 'purpose',
        requestId: expect.any(String),
      },
    });
    const byBody = await postJson(
      '/v1/consents/check',
      { email, purpose: 'newsleter' },
      { origin: '', authorization: `Bearer ${demoApiKey}` },
    );
    expect(byBody.status).toBe(404);
    // A purpose the site has still answers, for people who never agreed too.
    const never = await check('email=never-typo%40example.org&purpose=prize-draw');
    expect(await never.json()).toEqual({ allowed: false, since: null, record: null });
  });

  it('A3/S6: answers 404 unknown_purpose for a whole mailing list', async () => {
    const response = await checks({ purpose: 'newsleter', emails: ['a@example.org'] });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({
      error: { code: 'unknown_purpose', field: 'purpose' },
    });
  });
});

describe('POST /v1/consents/checks', () => {
  it('A3/S6: a malformed address gets its own invalid_input, the other contacts their answer', async () => {
    const email = 'batch-yes@example.org';
    await postJson('/v1/consent-requests', await validRequestBody(email));
    await pressConfirm(await confirmLinkFor(email));
    const response = await checks({
      purpose: 'newsletter',
      emails: [email, 'not-an-address', 'batch-never@example.org'],
    });
    expect(response.status).toBe(200);
    const { results } = await response.json<{ results: Record<string, unknown>[] }>();
    expect(results).toHaveLength(3);
    expect(results[0]).toMatchObject({
      contact: email,
      allowed: true,
      record: { event: 'confirmed' },
    });
    expect(results[1]).toEqual({
      contact: 'not-an-address',
      allowed: false,
      since: null,
      record: null,
      error: { code: 'invalid_input', message: expect.any(String), field: 'emails.1' },
    });
    expect(results[2]).toEqual({
      contact: 'batch-never@example.org',
      allowed: false,
      since: null,
      record: null,
    });
    const phones = await checks({ purpose: 'newsletter', phones: ['+4915112345678', '0151'] });
    const answered = await phones.json<{ results: { error?: { field: string } }[] }>();
    expect(answered.results.map((r) => r.error?.field ?? null)).toEqual([null, 'phones.1']);
  });

  it('S6: still refuses the whole list when the list itself is wrong', async () => {
    for (const body of [
      { purpose: 'newsletter', emails: [] },
      { purpose: 'newsletter', emails: ['a@example.org'], phones: ['+4915112345678'] },
      { purpose: 'newsletter', emails: [42] },
    ]) {
      const response = await checks(body);
      expect(response.status, JSON.stringify(body)).toBe(422);
    }
  });
});

describe('Signet-Site', () => {
  it('S5: a key is refused with 401 when the call names another site, and answers when it names its own', async () => {
    const query = 'email=a%40example.org&purpose=newsletter';
    const other = await call(`/v1/consents/check?${query}`, {
      headers: { authorization: `Bearer ${demoApiKey}`, 'signet-site': 'neighbour' },
    });
    expect(other.status).toBe(401);
    expect(await other.json()).toMatchObject({
      error: { code: 'unauthorized', field: 'Signet-Site' },
    });
    const own = await call(`/v1/consents/check?${query}`, {
      headers: { authorization: `Bearer ${demoApiKey}`, 'signet-site': 'demo' },
    });
    expect(own.status).toBe(200);
  });
});
