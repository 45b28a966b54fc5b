import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ConsentRecordRef } from '../contract/consents.js';
import type { SignetError } from '../contract/errors.js';
import { type ContactDecision, decide } from './may-contact.js';
import { createSignetServer, type MayContactQuery } from './server-client.js';

/** A server client whose API records what reaches it and answers `no_consent`. */
function recorded() {
  const calls: { url: string; headers: Headers; body: unknown }[] = [];
  const server = createSignetServer({
    endpoint: 'https://signet.test',
    site: 'shop',
    apiKey: 'sk_test_key_for_types',
    maxRetries: 0,
    fetch: async (input, init) => {
      calls.push({
        url: String(input),
        headers: new Headers(init?.headers),
        body: init?.body ? JSON.parse(String(init.body)) : null,
      });
      return Response.json({ allowed: false, since: null, record: null });
    },
  });
  return { server, calls };
}

describe('mayContact: the types say what the API accepts and answers', () => {
  it('takes an email address or a phone number, never both (checked by tsc)', () => {
    const query = (value: MayContactQuery) => value;
    query({ email: 'a@example.org', purpose: 'newsletter' });
    query({ phone: '+4915112345678', purpose: 'calls', use: 'call' });
    // @ts-expect-error both: the API refuses both, and dropping one would ask about someone else
    query({ email: 'a@example.org', phone: '+4915112345678', purpose: 'newsletter' });
    // @ts-expect-error neither
    query({ purpose: 'newsletter' });
    expectTypeOf<{
      email: string;
      phone: string;
      purpose: string;
    }>().not.toMatchTypeOf<MayContactQuery>();
  });

  it("an allowed answer has its record; after reason === 'error' the error is there (checked by tsc)", () => {
    const read = (decision: ContactDecision) => {
      if (decision.allowed) {
        expectTypeOf(decision.record).toEqualTypeOf<ConsentRecordRef>();
        expectTypeOf(decision.since).toEqualTypeOf<string>();
        return decision.record.id;
      }
      if (decision.reason === 'error') {
        expectTypeOf(decision.error).toEqualTypeOf<SignetError>();
        return decision.error.code;
      }
      // @ts-expect-error a plain no carries no error
      return decision.error;
    };
    expect(read({ allowed: false, reason: 'no_consent' })).toBeUndefined();
  });
});

describe('mayContact at run time', () => {
  it('refuses email and phone together without asking the API, also for the person calls', async () => {
    const { server, calls } = recorded();
    const both = { email: 'a@example.org', phone: '+4915112345678', purpose: 'newsletter' };
    const decision = await server.mayContact(both as unknown as MayContactQuery);
    expect(decision).toEqual({
      allowed: false,
      reason: 'error',
      error: {
        code: 'invalid_input',
        message: expect.stringContaining('not both'),
        field: 'phone',
      },
    });
    const contact = { email: 'a@example.org', phone: '+4915112345678' } as never;
    expect(await server.eraseSubject(contact)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'phone' },
    });
    expect(await server.findSubject(contact)).toMatchObject({ ok: false });
    const lists = { purpose: 'newsletter', emails: ['a@example.org'], phones: ['+4915112345678'] };
    const many = await server.mayContactMany(lists as never);
    expect(many.map((answer) => answer.reason)).toEqual(['error', 'error']);
    expect(calls).toHaveLength(0);
  });

  it('names its site on every call, so that the API can refuse a key of another site', async () => {
    const { server, calls } = recorded();
    await server.mayContact({ email: 'a@example.org', purpose: 'newsletter' });
    await server.findSubject({ email: 'a@example.org' });
    expect(calls.map((call) => call.headers.get('signet-site'))).toEqual(['shop', 'shop']);
    expect(calls[0]?.body).toEqual({ email: 'a@example.org', purpose: 'newsletter' });
  });

  it('decides allowed only with a record, and keeps the error of a failed call', () => {
    const error = {
      code: 'unknown_purpose' as const,
      message: 'no such purpose',
      field: 'purpose',
    };
    expect(decide({ ok: false, error })).toEqual({ allowed: false, reason: 'error', error });
    expect(decide({ ok: true, value: { allowed: false, since: null, record: null } })).toEqual({
      allowed: false,
      reason: 'no_consent',
    });
  });
});
