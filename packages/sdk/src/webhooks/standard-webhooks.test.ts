// verifyWebhook: accepts what Signet signs, rejects tampering, another secret and replays.
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signWebhook, verifyWebhook } from './standard-webhooks.js';
import { makeLogWithWebCrypto } from './test-event.js';

async function delivery(secret: string, at = new Date('2026-11-24T10:00:00Z')) {
  const record = await makeLogWithWebCrypto();
  const id = 'evt_r-1.wh_1';
  const payload = JSON.stringify({
    id,
    type: 'consent.confirmed',
    timestamp: '2026-11-24T10:00:00.000Z',
    data: {
      site: 'demo',
      subject: 'subject-1',
      purpose: 'newsletter',
      request: 'req-1',
      reference: null,
      record,
    },
  });
  const timestamp = Math.floor(at.getTime() / 1000);
  const headers = {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': await signWebhook(secret, id, timestamp, payload),
  };
  return { payload, headers, now: at };
}

describe('verifyWebhook', () => {
  it('accepts a delivery signed with the secret, from a Headers object or a plain object', async () => {
    const secret = newWebhookSecret();
    const { payload, headers, now } = await delivery(secret);
    const plain = await verifyWebhook({ payload, headers, secret, now });
    expect(plain.ok && plain.value.type).toBe('consent.confirmed');
    const fromHeaders = await verifyWebhook({
      payload,
      headers: new Headers(headers),
      secret,
      now,
    });
    expect(fromHeaders.ok).toBe(true);
  });

  it('accepts any of several signatures (a secret being rotated)', async () => {
    const secret = newWebhookSecret();
    const { payload, headers, now } = await delivery(secret);
    const rotated = { ...headers, 'webhook-signature': `v1,AAAA ${headers['webhook-signature']}` };
    expect((await verifyWebhook({ payload, headers: rotated, secret, now })).ok).toBe(true);
  });

  it('accepts a list of secrets during a rotation: either matches a header signed under both, and a list without the signing one fails', async () => {
    const previous = newWebhookSecret();
    const next = newWebhookSecret();
    const { payload, headers, now } = await delivery(next);
    const timestamp = Number(headers['webhook-timestamp']);
    const both = {
      ...headers,
      'webhook-signature': `${headers['webhook-signature']} ${await signWebhook(previous, headers['webhook-id'], timestamp, payload)}`,
    };
    for (const secret of [previous, next, [previous, next], [next, previous]]) {
      expect((await verifyWebhook({ payload, headers: both, secret, now })).ok).toBe(true);
    }
    expect((await verifyWebhook({ payload, headers, secret: [previous, next], now })).ok).toBe(
      true,
    );
    const others = [newWebhookSecret(), previous];
    expect((await verifyWebhook({ payload, headers, secret: others, now })).ok).toBe(false);
    expect((await verifyWebhook({ payload, headers, secret: [], now })).ok).toBe(false);
  });

  it('rejects a tampered body, another secret, a changed id and missing headers', async () => {
    const secret = newWebhookSecret();
    const { payload, headers, now } = await delivery(secret);
    const cases = [
      { payload: payload.replace('newsletter', 'sms-offers'), headers, secret },
      { payload, headers, secret: newWebhookSecret() },
      { payload, headers: { ...headers, 'webhook-id': 'evt_other' }, secret },
      { payload, headers: { ...headers, 'webhook-signature': '' }, secret },
      { payload, headers: { 'webhook-id': headers['webhook-id'] }, secret },
    ];
    for (const input of cases) {
      const result = await verifyWebhook({ ...input, now });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_signature' } });
    }
  });

  it('rejects a replay with an old timestamp and one from the future, beyond the tolerance', async () => {
    const secret = newWebhookSecret();
    const { payload, headers, now } = await delivery(secret);
    const later = new Date(now.getTime() + 301_000);
    const earlier = new Date(now.getTime() - 301_000);
    for (const at of [later, earlier]) {
      const result = await verifyWebhook({ payload, headers, secret, now: at });
      expect(result.ok).toBe(false);
    }
    expect(
      (await verifyWebhook({ payload, headers, secret, now: later, toleranceSeconds: 600 })).ok,
    ).toBe(true);
  });

  it('rejects a correctly signed body that is not a Signet event', async () => {
    const secret = newWebhookSecret();
    const payload = JSON.stringify({ hello: 'world' });
    const timestamp = 1_800_000_000;
    const headers = {
      'webhook-id': 'x',
      'webhook-timestamp': String(timestamp),
      'webhook-signature': await signWebhook(secret, 'x', timestamp, payload),
    };
    const result = await verifyWebhook({
      payload,
      headers,
      secret,
      now: new Date(timestamp * 1000),
    });
    expect(result).toMatchObject({
      ok: false,
      error: { message: 'the signed body is not a Signet event' },
    });
  });
});
