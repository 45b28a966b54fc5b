import { env } from 'cloudflare:workers';
import { type Jwks, type Receipt, verifyReceipt } from '@signet/sdk';
import { describe, expect, it } from 'vitest';
import {
  admin,
  asPerson,
  call,
  confirmLinkFor,
  postJson,
  pressConfirm,
  sessionFor,
  subjectIdOf,
  subscribed,
  testOrigin,
  validRequestBody,
} from '../../test/worker.js';
import { receiptToken } from '../crypto/receipt-tokens.js';

const jwks = async () => (await (await call('/.well-known/jwks.json')).json()) as Jwks;

/** Confirms as the person does and returns the done page's first receipt link. */
async function confirmAndReceiptLink(email: string, ids = ['newsletter']) {
  await postJson('/v1/consent-requests', await validRequestBody(email, ids));
  const confirmPath = await confirmLinkFor(email);
  const done = await (await pressConfirm(confirmPath)).text();
  const links = [...done.matchAll(/href="(\/receipt\/[^"]+)" download/g)].map((m) =>
    (m[1] ?? '').replaceAll('&amp;', '&'),
  );
  return { done, links, confirmPath };
}

describe('P6: the receipt on the done page', () => {
  it('P6: the done page links a receipt per purpose that verifies with the key inside and against the JWKS', async () => {
    const { links } = await confirmAndReceiptLink('receipt-done@example.org', [
      'newsletter',
      'prize-draw',
    ]);
    expect(links).toHaveLength(2);
    const response = await call(links[0] ?? '');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="receipt-demo-newsletter-\d{4}-\d{2}-\d{2}\.json"/,
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const receipt = (await response.json()) as Receipt;
    expect(await verifyReceipt(receipt)).toEqual({ ok: true });
    expect(await verifyReceipt(receipt, { jwks: await jwks() })).toEqual({ ok: true });
    expect(receipt.piiPrincipalContact.email).toBe('receipt-done@example.org');
    expect(receipt.piiControllers[0]?.partyName).toBe(
      'Demo Shop GmbH, Musterstraße 1, 10115 Berlin',
    );
    expect(receipt.purpose.id).toBe('newsletter');
    expect(receipt.events.map((event) => event.eventType)).toEqual(['requested', 'confirmed']);
    expect(receipt.piiPrincipalId).toBe(await subjectIdOf('receipt-done@example.org'));
    const second = (await (await call(links[1] ?? '')).json()) as Receipt;
    expect(second.purpose.id).toBe('prize-draw');
    expect(await verifyReceipt(second)).toEqual({ ok: true });
  });

  it('P6: the receipt page renders the receipt for people, under the strict CSP', async () => {
    const { links } = await confirmAndReceiptLink('receipt-page@example.org');
    const response = await call(`${links[0]}&format=html`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await response.text();
    expect(page).toContain('receipt-page@example.org');
    expect(page).toContain('Demo Shop GmbH');
    expect(page).toContain('npx signet verify');
  });

  it('P6/C5: the receipt token opens that receipt and nothing else; the confirmation link opens no receipt', async () => {
    const { links, confirmPath } = await confirmAndReceiptLink('receipt-key@example.org');
    const path = links[0] ?? '';
    const token = path.match(/^\/receipt\/([^?]+)/)?.[1] ?? '';
    const mac = token.split('.').at(-1) ?? '';
    expect(mac).toHaveLength(43);
    // Not a confirmation, preference, unsubscribe or session token, whole or by its MAC.
    for (const candidate of [token, mac]) {
      expect((await call(`/confirm/${candidate}`)).status).toBe(404);
      expect((await call(`/u/${candidate}`)).status).toBeGreaterThanOrEqual(400);
      const session = await postJson('/v1/preference-sessions', { token: candidate });
      expect(session.status).toBeGreaterThanOrEqual(400);
      const me = await call('/v1/me', { headers: { authorization: `Bearer ${candidate}` } });
      expect(me.status).toBe(401);
    }
    // The confirmation link's token is no receipt token, and pressing it again gives no receipt.
    const confirmToken = confirmPath.split('/').at(-1) ?? '';
    expect((await call(`/receipt/${confirmToken}?purpose=newsletter`)).status).toBe(404);
    const again = await (await pressConfirm(confirmPath)).text();
    expect(again).not.toContain('/receipt/');
    // Only the request's own purposes, only with the MAC it was given, only until it ends.
    const requestId = token.split('.')[0] ?? '';
    expect((await call(path.replace('newsletter', 'prize-draw'))).status).toBe(404);
    expect((await call(path.replace(/.(\?)/, `${mac.at(-1) === 'A' ? 'B' : 'A'}$1`))).status).toBe(
      404,
    );
    const ended = await receiptToken(env.INDEX_KEY, requestId, new Date(Date.now() - 31 * 60_000));
    expect((await call(`/receipt/${ended}?purpose=newsletter`)).status).toBe(404);
    const fresh = await receiptToken(env.INDEX_KEY, requestId, new Date());
    expect((await call(`/receipt/${fresh}?purpose=newsletter`)).status).toBe(200);
  });
});

describe('P6: GET /v1/me/receipts', () => {
  it('P6: needs the person’s session', async () => {
    await subscribed('receipt-nosession@example.org');
    const response = await call('/v1/me/receipts?purpose=newsletter', {
      headers: { origin: testOrigin },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'unauthorized',
    );
  });

  it('P6: an unknown purpose is unknown_purpose, one never confirmed is not_found, a bad query invalid_input', async () => {
    await subscribed('receipt-unknown@example.org');
    const session = await sessionFor('receipt-unknown@example.org');
    const unknown = await asPerson(session, '/v1/me/receipts?purpose=no-such-purpose');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe(
      'unknown_purpose',
    );
    const never = await asPerson(session, '/v1/me/receipts?purpose=prize-draw');
    expect(never.status).toBe(404);
    expect(((await never.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const bad = await asPerson(session, '/v1/me/receipts');
    expect(bad.status).toBe(422);
  });

  it('P6: a withdrawn purpose’s receipt holds the withdrawal and verifies; it is the session person’s only', async () => {
    await subscribed('receipt-withdrawn@example.org', ['newsletter', 'prize-draw']);
    await subscribed('receipt-other@example.org', ['newsletter']);
    const session = await sessionFor('receipt-withdrawn@example.org');
    await asPerson(session, '/v1/me/withdrawals', 'POST', { purposes: ['newsletter'] });
    const response = await asPerson(session, '/v1/me/receipts?purpose=newsletter');
    expect(response.status).toBe(200);
    const receipt = (await response.json()) as Receipt;
    expect(receipt.events.map((event) => event.eventType)).toEqual([
      'requested',
      'confirmed',
      'withdrawn',
    ]);
    expect(await verifyReceipt(receipt, { jwks: await jwks() })).toEqual({ ok: true });
    const own = await subjectIdOf('receipt-withdrawn@example.org');
    expect(receipt.piiPrincipalId).toBe(own);
    expect(receipt.proof.records.every((signed) => signed.record.subject === own)).toBe(true);
    expect(JSON.stringify(receipt)).not.toContain('receipt-other@example.org');
    expect(JSON.stringify(receipt)).not.toContain(await subjectIdOf('receipt-other@example.org'));
  });

  it('A5/P6: once the site’s system acknowledged the withdrawal, the receipt holds the honoured record, verifies, and its page says where it stopped', async () => {
    await admin('/v1/admin/site', 'PATCH', { honourSystems: ['brevo'] });
    const email = 'receipt-honoured@example.org';
    await subscribed(email, ['newsletter', 'prize-draw']);
    const session = await sessionFor(email);
    await asPerson(session, '/v1/me/withdrawals', 'POST', { purposes: ['newsletter'] });
    const withdrawn = (await asPerson(session, '/v1/me').then((r) => r.json())) as {
      records: { id: string; event: string }[];
    };
    const record = withdrawn.records.find((r) => r.event === 'withdrawn')?.id;
    const acknowledged = await admin('/v1/admin/acknowledgements', 'POST', {
      record,
      system: 'brevo',
    });
    expect(acknowledged.status).toBe(201);
    const receipt = (await (
      await asPerson(session, '/v1/me/receipts?purpose=newsletter')
    ).json()) as Receipt;
    expect(receipt.events.map((event) => event.eventType)).toEqual([
      'requested',
      'confirmed',
      'withdrawn',
      'honoured',
    ]);
    expect(await verifyReceipt(receipt, { jwks: await jwks() })).toEqual({ ok: true });
    const page = await (
      await asPerson(session, '/v1/me/receipts?purpose=newsletter&format=html')
    ).text();
    expect(page).toContain('Stopped in brevo');
    const me = (await (await asPerson(session, '/v1/me')).json()) as {
      records: { event: string; system?: string }[];
    };
    expect(me.records.find((r) => r.event === 'honoured')?.system).toBe('brevo');
  });

  it('P6: format=html renders the receipt readable', async () => {
    await subscribed('receipt-html@example.org');
    const session = await sessionFor('receipt-html@example.org');
    const response = await asPerson(session, '/v1/me/receipts?purpose=newsletter&format=html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).toContain('receipt-html@example.org');
    expect(page).toContain('Consent confirmed by the link');
  });
});
