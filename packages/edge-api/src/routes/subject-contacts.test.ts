import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import type { SubjectById, SubjectContactList } from '@signet/sdk';
import { createSignetAdmin } from '@signet/sdk/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { countingD1 } from '../../test/counting-d1.js';
import {
  addSite,
  admin,
  adminHeaders,
  apiOrigin,
  call,
  confirmLinkFor,
  demoApiKey,
  postJson,
  pressConfirm,
  subjectIdOf,
  subscribed,
} from '../../test/worker.js';
import type { Env } from '../env.js';
import worker from '../index.js';

const otherKey = 'sk_other_site_key_for_subject_contacts';
const ids: Record<'held' | 'erased' | 'other', string> = { held: '', erased: '', other: '' };

const contactsOf = async (list: string[], key?: string) => {
  const response = await admin(`/v1/admin/subjects?ids=${list.join(',')}`, 'GET', undefined, key);
  return { status: response.status, body: (await response.json()) as SubjectContactList };
};

beforeAll(async () => {
  await subscribed('peter.person@example.org');
  await subscribed('ex@example.org');
  ids.held = (await subjectIdOf('peter.person@example.org')) ?? '';
  ids.erased = (await subjectIdOf('ex@example.org')) ?? '';
  await admin('/v1/admin/subjects/erasure', 'POST', { email: 'ex@example.org' });

  await addSite('other', otherKey);
  await admin('/v1/admin/purposes/newsletter', 'PUT', { channel: 'email' }, otherKey);
  await admin(
    '/v1/admin/purposes/newsletter/wordings',
    'POST',
    {
      locale: 'en',
      label: 'Other news',
      processed: 'Your email address',
      purpose: 'News',
      retention: 'Until you withdraw',
      withdrawal: 'Any time',
    },
    otherKey,
  );
  const form = (await (await admin('/v1/admin/purposes', 'GET', undefined, otherKey)).json()) as {
    purposes: { id: string; wordings: { version: string }[] }[];
  };
  const version = form.purposes[0]?.wordings[0]?.version ?? '';
  await postJson(
    '/v1/consent-requests',
    {
      site: 'other',
      email: 'other.person@example.org',
      purposes: [{ id: 'newsletter', wordingVersion: version }],
      locale: 'en',
      pageUrl: 'https://other.example/',
    },
    { origin: 'https://other.example' },
  );
  await pressConfirm(await confirmLinkFor('other.person@example.org'));
  ids.other = (await subjectIdOf('other.person@example.org', 'other')) ?? '';
});

describe('A1: whose record a row of the log is (GET /v1/admin/subjects?ids=)', () => {
  it('A1: answers the masked address of each subject id of a page', async () => {
    expect(ids.held).not.toBe('');
    const { status, body } = await contactsOf([ids.held]);
    expect(status).toBe(200);
    expect(body.subjects).toEqual([
      { id: ids.held, state: 'held', email: 'pe*********n@example.org', phone: null },
    ]);
  });

  it('A1: an erased subject of the site answers erased, without contact data', async () => {
    const { body } = await contactsOf([ids.erased, ids.held]);
    expect(body.subjects).toContainEqual({ id: ids.erased, state: 'erased' });
    expect(body.subjects).toHaveLength(2);
  });

  it("S5: another site's subject ids answer nothing, and that site sees only its own", async () => {
    expect(ids.other).not.toBe('');
    expect((await contactsOf([ids.other])).body.subjects).toEqual([]);
    const theirs = await contactsOf([ids.held, ids.erased, ids.other], otherKey);
    expect(theirs.body.subjects.map((s) => s.id)).toEqual([ids.other]);
  });

  it('A1: no ids, more than 100, or an id no record can carry are 422 invalid_input', async () => {
    const many = Array.from({ length: 101 }, (_, n) => `id-${n}`);
    for (const query of ['', '?ids=', `?ids=${many.join(',')}`, '?ids=a%27b', '?other=1&ids=a']) {
      const response = await admin(`/v1/admin/subjects${query}`);
      expect(response.status, query).toBe(422);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_input' } });
    }
  });

  it('A1: a page of 100 subject ids is read from D1 in one round trip after the key check', async () => {
    const page = [ids.held, ids.erased, ...Array.from({ length: 98 }, (_, n) => `nobody-${n}`)];
    const db = countingD1(env.DB);
    const ctx = createExecutionContext();
    const response = await worker.fetch(
      new Request(new URL(`/v1/admin/subjects?ids=${page.join(',')}`, apiOrigin), {
        headers: adminHeaders(),
      }),
      { ...env, DB: db } as Env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(response.status).toBe(200);
    const calls = db.roundTrips.map((trip) => trip.call);
    expect(calls, calls.join('\n')).toEqual([
      expect.stringContaining('FROM site_api_keys'),
      expect.stringContaining('SELECT j.value AS id'),
    ]);
  });
});

describe('A1: a person opened from a record (GET /v1/admin/subjects/{id}/consents)', () => {
  it('A1: answers the contact data and every consent of the subject', async () => {
    const response = await admin(`/v1/admin/subjects/${ids.held}/consents`);
    expect(response.status).toBe(200);
    const person = (await response.json()) as SubjectById;
    expect(person.contact).toEqual({ email: 'peter.person@example.org', phone: null });
    expect(person.consents).toMatchObject([{ purpose: 'newsletter', status: 'active' }]);
  });

  it("A1: an erased subject, another site's subject and a malformed id answer no person", async () => {
    expect((await admin(`/v1/admin/subjects/${ids.erased}/consents`)).status).toBe(404);
    expect((await admin(`/v1/admin/subjects/${ids.other}/consents`)).status).toBe(404);
    const bad = await admin('/v1/admin/subjects/a%27b/consents');
    expect(bad.status).toBe(422);
  });
});

describe('A1: the SDK admin client names and opens subjects', () => {
  const client = createSignetAdmin({
    endpoint: apiOrigin,
    site: 'demo',
    apiKey: demoApiKey,
    fetch: (input, init) => call(String(input), init),
    retryBaseMs: 1,
  });

  it('A1: subjectContacts and subjectById answer what the routes answer, parsed', async () => {
    const named = await client.subjectContacts([ids.held, ids.erased, ids.other]);
    expect(named.ok && named.value.subjects.map((s) => s.state).sort()).toEqual(['erased', 'held']);
    const person = await client.subjectById(ids.held);
    expect(person.ok && person.value.contact.email).toBe('peter.person@example.org');
    const gone = await client.subjectById(ids.erased);
    expect(!gone.ok && gone.error.code).toBe('not_found');
  });
});
