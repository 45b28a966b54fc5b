import { type ConsentCheck, type SignedRecord, unsubscribeHeaders } from '@signet/sdk';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  admin,
  call,
  capturingMailProvider,
  confirmLinkFor,
  postJson,
  pressConfirm,
  rowCounts,
  runCron,
  subjectIdOf,
  validRequestBody,
} from '../../test/worker.js';

afterEach(() => vi.restoreAllMocks());

async function subscribed(email: string, ids = ['newsletter', 'prize-draw']) {
  await postJson('/v1/consent-requests', await validRequestBody(email, ids));
  await pressConfirm(await confirmLinkFor(email));
}

const check = async (email: string, purpose = 'newsletter') =>
  (await (
    await admin(`/v1/consents/check?email=${encodeURIComponent(email)}&purpose=${purpose}`)
  ).json()) as Extract<ConsentCheck, { allowed: true }>;

/** The POST a mailbox provider sends for RFC 8058: only the one body, nothing else. */
const oneClick = (path: string, body: BodyInit) => call(path, { method: 'POST', body });

describe('R1: one-click unsubscribe (RFC 8058)', () => {
  it('R1: the check for an email purpose carries the unsubscribe URL and both headers', async () => {
    const email = 'headers@example.org';
    await subscribed(email);
    const answer = await check(email);
    expect(answer.allowed).toBe(true);
    expect(answer.unsubscribe?.url).toMatch(/^https:\/\/api\.signet\.test\/u\/[A-Za-z0-9_-]{43}$/);
    expect(unsubscribeHeaders(answer)).toEqual({
      'List-Unsubscribe': `<${answer.unsubscribe?.url}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    // The same URL each time (one per person and purpose), another for another purpose.
    expect((await check(email)).unsubscribe?.url).toBe(answer.unsubscribe?.url);
    expect((await check(email, 'prize-draw')).unsubscribe?.url).not.toBe(answer.unsubscribe?.url);
    // Not allowed, no headers.
    expect(unsubscribeHeaders(await check('nobody@example.org'))).toEqual({});
  });

  it('R1: a GET (what link scanners do) shows a button and never unsubscribes', async () => {
    const email = 'scanner-gets@example.org';
    await subscribed(email);
    const path = new URL((await check(email)).unsubscribe?.url ?? '').pathname;
    const before = await rowCounts();
    for (let i = 0; i < 3; i += 1) {
      const page = await call(path, { headers: { 'accept-language': 'en' } });
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).toContain('Do you want to unsubscribe from');
      expect(text).toContain('name="List-Unsubscribe" value="One-Click"');
    }
    expect(await rowCounts()).toEqual(before);
    expect((await check(email)).allowed).toBe(true);
  });

  it('R1: a POST with only the one-click body, no cookie and no Origin, unsubscribes at once, with a signed record', async () => {
    const email = 'one-click@example.org';
    await subscribed(email);
    const path = new URL((await check(email)).unsubscribe?.url ?? '').pathname;
    const response = await oneClick(path, new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    // No Accept-Language from a mailbox provider: the site's default language (German here).
    expect(await response.text()).toContain('Sie erhalten dazu keine Nachrichten mehr.');
    expect((await check(email)).allowed).toBe(false);
    // Only that purpose: the other stays.
    expect((await check(email, 'prize-draw')).allowed).toBe(true);
    // Again: nothing more changes, and the page says so.
    const again = await oneClick(path, new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }));
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('bereits abgemeldet');

    await runCron(new Date());
    const { records } = (await (await admin('/v1/records')).json()) as { records: SignedRecord[] };
    const subject = await subjectIdOf(email);
    const withdrawn = records.filter(
      (signed) => signed.record.subject === subject && signed.record.event === 'withdrawn',
    );
    expect(withdrawn.map((signed) => [signed.record.purpose, signed.record.source.form])).toEqual([
      ['newsletter', 'one-click-unsubscribe'],
    ]);
  });

  it('R1/R4: one-click unsubscribe of the last purpose erases the person, as the preferences page does (one rule, last-purpose.ts); the signed records stay', async () => {
    const email = 'last-by-one-click@example.org';
    await subscribed(email, ['newsletter']);
    const path = new URL((await check(email)).unsubscribe?.url ?? '').pathname;
    const subject = await subjectIdOf(email);
    const response = await oneClick(path, new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }));
    expect(response.status).toBe(200);
    expect((await check(email)).allowed).toBe(false);
    const suppression = await admin(`/v1/admin/suppressions?email=${encodeURIComponent(email)}`);
    expect(await suppression.json()).toMatchObject({ suppressed: true, reason: 'withdrawn' });
    expect(await subjectIdOf(email)).toBeNull();
    await runCron(new Date());
    const { records } = (await (await admin('/v1/records')).json()) as { records: SignedRecord[] };
    const events = records
      .filter((signed) => signed.record.subject === subject)
      .map((signed) => signed.record.event);
    expect(events).toEqual(['requested', 'confirmed', 'withdrawn', 'erased']);
    // The link now names no one: a second press gets the unknown-link page.
    expect(
      (await oneClick(path, new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }))).status,
    ).toBe(404);
  });

  it('R1: multipart/form-data works too; a POST without the one-click body changes nothing', async () => {
    const email = 'multipart@example.org';
    await subscribed(email);
    const path = new URL((await check(email)).unsubscribe?.url ?? '').pathname;
    const before = await rowCounts();
    const bare = await call(path, { method: 'POST' });
    expect(bare.status).toBe(422);
    expect(await bare.json()).toMatchObject({ error: { field: 'List-Unsubscribe' } });
    expect(await rowCounts()).toEqual(before);
    const form = new FormData();
    form.set('List-Unsubscribe', 'One-Click');
    expect((await oneClick(path, form)).status).toBe(200);
    expect((await check(email)).allowed).toBe(false);
  });

  it('R1: an unknown link gets a clear 404 page; confirmation emails carry no unsubscribe headers', async () => {
    const unknown = await call(`/u/${'x'.repeat(43)}`, { headers: { 'accept-language': 'en' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('We do not know this unsubscribe link.');
    const malformed = await oneClick(
      '/u/short',
      new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    );
    expect(malformed.status).toBe(404);

    const provider = capturingMailProvider();
    const spy = vi.mocked(globalThis.fetch);
    await postJson(
      '/v1/consent-requests',
      await validRequestBody('no-headers@example.org'),
      {},
      provider.overrides,
    );
    const sent = JSON.parse(String(spy.mock.calls[0]?.[1]?.body)) as Record<string, unknown>;
    expect(sent.headers).toBeUndefined();
    expect(JSON.stringify(sent)).not.toContain('List-Unsubscribe');
  });
});
