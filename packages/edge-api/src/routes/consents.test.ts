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
